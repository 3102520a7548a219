// Watches on the sandbox and on the real API server: events from a resourceVersion, selector
// transitions, bookmarks, streaming lists (sendInitialEvents) and 410 Expired after an etcd
// compaction (EndpointSlices read etcd directly on the real server, see helpers/control-plane.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compactEtcd } from "./helpers/control-plane";
import { both, namespaceOnBoth, normalize, startPair, type Pair } from "./helpers/differential";
import { kubeHttp, kubeWatch, type KubeTarget, type KubeWatch } from "./helpers/kube-http";

let p: Pair;
const NS = "watch";
const svcs = `/api/v1/namespaces/${NS}/services`;
const slices = `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`;
const service = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "Service", metadata: { name, labels }, spec: { ports: [{ port: 80 }] } });
const slice = (name: string) => ({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name }, addressType: "IPv4", endpoints: [], ports: [] });

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The list resourceVersion on one server. */
async function listRv(t: KubeTarget, path: string): Promise<string> {
  return (await kubeHttp(t, "GET", path)).json.metadata.resourceVersion;
}

/** Opens the same watch (with each server's own resourceVersion) on both. */
async function watchBoth(path: (rv: string) => string, rvs: [string, string]): Promise<[KubeWatch, KubeWatch]> {
  return Promise.all([kubeWatch(p.sandbox, path(rvs[0])), kubeWatch(p.real, path(rvs[1]))]);
}

beforeAll(async () => {
  p = await startPair();
  await namespaceOnBoth(p, NS);
});
afterAll(async () => {
  await p?.stop();
});

describe("watch", () => {
  it("from a resourceVersion: the same events in order, objects with kind/apiVersion, DELETED at its own RV", async () => {
    await both(p, "POST", svcs, { body: service("w1", { app: "w" }) });
    const rvs: [string, string] = [await listRv(p.sandbox, svcs), await listRv(p.real, svcs)];
    await both(p, "POST", svcs, { body: service("w2", { app: "w" }) });
    await both(p, "PATCH", `${svcs}/w1`, { body: { metadata: { labels: { app: "w", v: "2" } } }, contentType: "application/merge-patch+json" });
    await both(p, "DELETE", `${svcs}/w2`);
    const [s, r] = await watchBoth((rv) => `${svcs}?watch=true&resourceVersion=${rv}&timeoutSeconds=2`, rvs);
    await until(() => s.ended() && r.ended(), "both watches to end after timeoutSeconds");
    expect(r.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED w2", "MODIFIED w1", "DELETED w2"]);
    expect(normalize(s.events)).toEqual(normalize(r.events));
  });

  it("with a label selector: objects entering the selection are ADDED, leaving it DELETED", async () => {
    const rvs: [string, string] = [await listRv(p.sandbox, svcs), await listRv(p.real, svcs)];
    await both(p, "POST", svcs, { body: service("w3", { app: "other" }) });
    await both(p, "PATCH", `${svcs}/w3`, { body: { metadata: { labels: { app: "w" } } }, contentType: "application/merge-patch+json" });
    await both(p, "PATCH", `${svcs}/w3`, { body: { metadata: { labels: { app: "gone" } } }, contentType: "application/merge-patch+json" });
    const [s, r] = await watchBoth((rv) => `${svcs}?watch=true&resourceVersion=${rv}&labelSelector=app%3Dw&timeoutSeconds=2`, rvs);
    await until(() => s.ended() && r.ended(), "both watches to end");
    expect(r.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED w3", "DELETED w3"]);
    expect(normalize(s.events)).toEqual(normalize(r.events));
  });

  it("sends a BOOKMARK 2 s before timeoutSeconds ends (allowWatchBookmarks) once the RV moved past the last event", async () => {
    // The bookmark carries the resource's latest RV: the write the selector hides moves it on.
    const rvs: [string, string] = [await listRv(p.sandbox, svcs), await listRv(p.real, svcs)];
    const [s, r] = await watchBoth((rv) => `${svcs}?watch=true&resourceVersion=${rv}&labelSelector=app%3Dbm&allowWatchBookmarks=true&timeoutSeconds=4`, rvs);
    await both(p, "POST", svcs, { body: service("w4", { app: "bm" }) });
    await both(p, "POST", svcs, { body: service("w5", { app: "hidden" }) });
    await until(() => s.ended() && r.ended(), "both watches to end");
    // The real cacher may repeat the bookmark on a later tick if its RV moved again meanwhile
    // (its own background writes): equal neighbours count once.
    const once = (events: unknown[]) => (normalize(events) as unknown[]).filter((e, i, all) => i === 0 || JSON.stringify(e) !== JSON.stringify(all[i - 1]));
    expect(once(r.events).map((e) => (e as { type: string }).type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(once(s.events)).toEqual(once(r.events));
  });

  it("streams a list with sendInitialEvents: ADDED for each object, then the initial-events-end BOOKMARK", async () => {
    const q = "watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=app%3Dw&timeoutSeconds=2";
    const [s, r] = await watchBoth(() => `${svcs}?${q}`, ["", ""]);
    await until(() => s.ended() && r.ended(), "both watches to end");
    expect(r.events.map((e) => `${e.type} ${e.object.metadata.name ?? ""}`)).toEqual(["ADDED w1", "BOOKMARK "]);
    expect(normalize(s.events)).toEqual(normalize(r.events));
    const [bad, badReal] = await both(p, "GET", `${svcs}?watch=true&sendInitialEvents=true`);
    expect(normalize(bad.json)).toEqual(normalize(badReal.json));
  });
});

describe("410 Gone after an etcd compaction", () => {
  it("expires watches, exact lists and continue tokens from before the compaction", async () => {
    for (const n of ["e1", "e2", "e3"]) await both(p, "POST", slices, { body: slice(n) });
    const rvs: [string, string] = [await listRv(p.sandbox, slices), await listRv(p.real, slices)];
    const [page1s, page1r] = await both(p, "GET", `${slices}?limit=1`);
    await both(p, "POST", slices, { body: slice("e4") });
    await both(p, "DELETE", `${slices}/e1`);
    await compactEtcd(inject("realControlPlane").etcdUrl, await listRv(p.real, slices));
    p.cluster.control.expireHistory();

    const [s, r] = await watchBoth((rv) => `${slices}?watch=true&resourceVersion=${rv}`, rvs);
    await until(() => s.ended() && r.ended(), "both expired watches to end");
    // Both: 200, one ERROR event carrying a 410 Expired Status, end of stream.
    const gist = (w: KubeWatch) => ({ status: w.status, events: w.events.map((e) => ({ type: e.type, ...e.object, message: undefined })) });
    expect(gist(s)).toEqual(gist(r));
    expect(gist(r).events).toEqual([{ type: "ERROR", kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "Expired", code: 410, message: undefined }]);
    // etcd's wording on the real server; the watch cache's (which the sandbox models) elsewhere.
    expect(r.events[0].object.message).toBe("The resourceVersion for the provided watch is too old.");
    expect(s.events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);

    const [exactS, exactR] = await Promise.all([kubeHttp(p.sandbox, "GET", `${slices}?resourceVersion=${rvs[0]}&resourceVersionMatch=Exact`),
      kubeHttp(p.real, "GET", `${slices}?resourceVersion=${rvs[1]}&resourceVersionMatch=Exact`)]);
    expect(normalize(exactS.json)).toEqual(normalize(exactR.json));
    expect(exactR.status).toBe(410);

    const [contS, contR] = await Promise.all([kubeHttp(p.sandbox, "GET", `${slices}?limit=1&continue=${page1s.json.metadata.continue}`),
      kubeHttp(p.real, "GET", `${slices}?limit=1&continue=${page1r.json.metadata.continue}`)]);
    expect(normalize(contS.json)).toEqual(normalize(contR.json));
    expect(contR.status).toBe(410);
  });
});
