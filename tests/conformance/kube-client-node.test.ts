// The sandbox cluster driven by @kubernetes/client-node 1.4 (reference §4): typed lists with
// paging, the Watch class, informers (add/update/delete, 410 relists in both modes, 410
// storms) and expired continue tokens. Persistence and pause/resume: kube-client-node-lifecycle.
import * as k8s from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type KubeObject, type SandboxCluster } from "../../lib/sandbox/kube/index";
import { waitFor } from "../../lib/sandbox/kube/testing";
import { namespaceWith, ref, svc, clientNodeSandbox } from "./kube-client-node-helpers";

const sandbox = clientNodeSandbox();
const { clientFor, startInformer, others } = sandbox;
let c: SandboxCluster;
beforeAll(() => {
  c = sandbox.cluster();
});

describe("typed lists", () => {
  it("pages with limit/continue over one snapshot", async () => {
    const ns = "paging";
    namespaceWith(c, ns, ["svc-a", "svc-b", "svc-c", "svc-d", "svc-e"]);
    const { core } = clientFor(c);
    const names = (l: k8s.V1ServiceList) => l.items.map((i) => i.metadata?.name);
    const p1 = await core.listNamespacedService({ namespace: ns, limit: 2 });
    expect([names(p1), p1.metadata?.remainingItemCount]).toEqual([["svc-a", "svc-b"], 3]);
    expect(p1.items[0].kind).toBeUndefined();
    expect(p1.items[0].metadata?.creationTimestamp).toBeInstanceOf(Date);
    // Writes between pages stay invisible to the paged list.
    c.store.create(svc(ns, "svc-f"));
    c.store.delete(ref(ns, "svc-c"));
    c.store.patch(ref(ns, "svc-d"), { metadata: { labels: { changed: "yes" } } });
    const p2 = await core.listNamespacedService({ namespace: ns, limit: 2, _continue: p1.metadata?._continue });
    const p3 = await core.listNamespacedService({ namespace: ns, limit: 2, _continue: p2.metadata?._continue });
    expect([names(p2), names(p3)]).toEqual([["svc-c", "svc-d"], ["svc-e"]]);
    expect(p2.items[1].metadata?.labels).toBeUndefined();
    expect([p2.metadata?.resourceVersion, p3.metadata?.resourceVersion]).toEqual([p1.metadata?.resourceVersion, p1.metadata?.resourceVersion]);
    expect(p3.metadata?._continue).toBeUndefined();
    expect(names(await core.listNamespacedService({ namespace: ns }))).toEqual(["svc-a", "svc-b", "svc-d", "svc-e", "svc-f"]);
  });

  it("answers an expired continue token with 410 and an inconsistent token that still works", async () => {
    const ns = "expired-continue";
    namespaceWith(c, ns, ["a", "b", "c"]);
    const short = await startSandboxCluster({ continueTtlMs: 0, seed: false });
    others.push(short);
    namespaceWith(short, ns, ["a", "b", "c"]);
    const message = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";
    // Two ways a token dies: compaction past its snapshot, and age (continueTtlMs).
    for (const [x, expire] of [[c, () => { c.store.create(svc(ns, "z")); c.control.expireHistory(); }], [short, () => undefined]] as const) {
      const { core } = clientFor(x);
      const p1 = await core.listNamespacedService({ namespace: ns, limit: 1 });
      expire();
      const err = await core.listNamespacedService({ namespace: ns, limit: 1, _continue: p1.metadata?._continue }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(k8s.ApiException);
      const status = JSON.parse((err as k8s.ApiException<string>).body);
      expect([(err as k8s.ApiException<string>).code, status.reason, status.code, status.message]).toEqual([410, "Expired", 410, message]);
      const rest = await core.listNamespacedService({ namespace: ns, _continue: status.metadata.continue });
      expect(rest.items.map((i) => i.metadata?.name)).toEqual(x === c ? ["b", "c", "z"] : ["b", "c"]);
    }
  });
});

describe("custom resources", () => {
  it("serves HTTPRoutes to KubernetesObjectApi (via discovery) and CustomObjectsApi", async () => {
    const { kc } = clientFor(c);
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const created = await objects.create({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "r1", namespace: "shop" }, spec: { parentRefs: [{ name: "gw" }] } } as k8s.KubernetesObject);
    expect(created.metadata?.uid).toBeDefined();
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const list = await custom.listNamespacedCustomObject({ group: "gateway.networking.k8s.io", version: "v1beta1", namespace: "shop", plural: "httproutes" });
    expect(list.items.map((i: KubeObject) => [i.apiVersion, i.kind, i.metadata.name])).toEqual([["gateway.networking.k8s.io/v1beta1", "HTTPRoute", "r1"]]);
    expect(list.items[0].spec).toEqual({ parentRefs: [{ name: "gw", group: "gateway.networking.k8s.io", kind: "Gateway" }], rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }] }] });
  });
});

describe("Watch class", () => {
  it("delivers ADDED/MODIFIED/DELETED from a list RV, objects with kind, DELETED at the deletion RV", async () => {
    const ns = "watch-class";
    namespaceWith(c, ns, ["existing"]);
    const { kc, core } = clientFor(c);
    const list = await core.listNamespacedService({ namespace: ns });
    const events: { type: string; obj: KubeObject }[] = [];
    let done: unknown = "open";
    const req = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/services`, { resourceVersion: list.metadata?.resourceVersion },
      (type, obj) => events.push({ type, obj }), (err) => { done = err; });
    c.store.create(svc(ns, "w"));
    c.store.patch(ref(ns, "w"), { metadata: { labels: { v: "2" } } });
    c.store.delete(ref(ns, "w"));
    const deletedAt = c.store.currentResourceVersion();
    await waitFor(() => events.length === 3, { what: "three events" });
    expect(events.map((e) => `${e.type} ${e.obj.kind} ${e.obj.apiVersion} ${e.obj.metadata.name}`)).toEqual(["ADDED Service v1 w", "MODIFIED Service v1 w", "DELETED Service v1 w"]);
    expect(events[2].obj.metadata.resourceVersion).toBe(deletedAt);
    expect(done).toBe("open");
    req.abort();
  });

  it("turns label-selector transitions into ADDED/DELETED", async () => {
    const ns = "watch-selector";
    namespaceWith(c, ns, []);
    const { kc } = clientFor(c);
    const events: string[] = [];
    const req = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/services`, { labelSelector: "tier in (front)" },
      (type, obj) => events.push(`${type} ${obj.metadata.labels?.tier ?? "-"}`), () => undefined);
    c.store.create(svc(ns, "s"));
    c.store.patch(ref(ns, "s"), { metadata: { labels: { tier: "front" } } });
    c.store.patch(ref(ns, "s"), { metadata: { labels: { tier: "back" } } });
    c.store.patch(ref(ns, "s"), { metadata: { labels: { tier: "front" } } });
    c.store.patch(ref(ns, "s"), { metadata: { annotations: { a: "b" } } });
    c.store.delete(ref(ns, "s"));
    await waitFor(() => events.length === 5, { what: "five events" });
    expect(events).toEqual(["ADDED front", "DELETED front", "ADDED front", "MODIFIED front", "DELETED front"]);
    req.abort();
  });

  it("sees a server-side timeout as a clean end (done(null))", async () => {
    const { kc } = clientFor(c);
    let done: unknown = "open";
    await new k8s.Watch(kc).watch("/api/v1/nodes", { timeoutSeconds: 1 }, () => undefined, (err) => { done = err; });
    await waitFor(() => done !== "open", { what: "done" });
    expect(done).toBeNull();
  });
});

describe("informers", () => {
  it("emits add, update and delete", async () => {
    const ns = "informer-basic";
    namespaceWith(c, ns, ["first"]);
    const inf = await startInformer(c, ns);
    c.store.create(svc(ns, "second"));
    c.store.patch(ref(ns, "second"), { metadata: { labels: { v: "2" } } });
    c.store.delete(ref(ns, "first"));
    await waitFor(() => inf.events.length === 4, { what: "informer events" });
    expect(inf.events).toEqual(["add first", "add second", "update second", "delete first"]);
    expect(inf.informer.list(ns).map((o) => o.metadata?.name)).toEqual(["second"]);
    await inf.stop();
    expect(inf.errors).toEqual([]);
  });

  it("re-watches from its last RV without relisting when the server ends the watch (watchTimeoutSeconds)", async () => {
    const x = await startSandboxCluster({ watchTimeoutSeconds: 1, seed: false });
    others.push(x);
    const ns = "rewatch";
    namespaceWith(x, ns, ["a"]);
    const listRv = x.store.currentResourceVersion();
    const inf = await startInformer(x, ns);
    const changed = x.store.patch(ref(ns, "a"), { metadata: { labels: { v: "2" } } });
    await waitFor(() => inf.events.length === 2);
    // ListWatch sends no timeoutSeconds: the server default ends the stream after 1 s.
    await waitFor(() => x.control.requestLog().length === 3, { what: "the second watch" });
    expect(x.control.requestLog().map((e) => e.path)).toEqual([
      `/api/v1/namespaces/${ns}/services`,
      `/api/v1/namespaces/${ns}/services?watch=true&resourceVersion=${listRv}`,
      `/api/v1/namespaces/${ns}/services?watch=true&resourceVersion=${changed.metadata.resourceVersion}`,
    ]);
    expect(inf.errors).toEqual([]);
  });

  it("relists after a 410 ERROR event and deletes what vanished meanwhile", async () => {
    const ns = "relist-event";
    namespaceWith(c, ns, ["keep", "gone"]);
    const inf = await startInformer(c, ns);
    await waitFor(() => inf.events.length === 2);
    // The informer misses a delete and an add, then its history is compacted away.
    c.control.blackhole(true);
    c.store.delete(ref(ns, "gone"));
    c.store.create(svc(ns, "fresh"));
    c.control.expireHistory();
    c.control.blackhole(false);
    c.control.requestLog({ reset: true });
    c.control.dropWatches("end");
    await waitFor(() => inf.events.length === 4, { what: "relist events" });
    expect(inf.events.slice(2)).toEqual(["delete gone", "add fresh"]);
    await waitFor(() => c.control.requestLog().length === 3, { what: "the new watch" });
    const log = c.control.requestLog().map((e) => e.path.replace(/resourceVersion=\d+/, "resourceVersion=N"));
    expect(log).toEqual([
      `/api/v1/namespaces/${ns}/services?watch=true&resourceVersion=N`, // re-watch from the last RV: ERROR 410
      `/api/v1/namespaces/${ns}/services`, // relist
      `/api/v1/namespaces/${ns}/services?watch=true&resourceVersion=N`,
    ]);
    await inf.stop();
    expect(inf.errors).toEqual([]);
  });

  it("relists after an HTTP 410 (expiredMode: status)", async () => {
    const x = await startSandboxCluster({ expiredMode: "status", seed: false });
    others.push(x);
    const ns = "relist-status";
    namespaceWith(x, ns, ["keep", "gone"]);
    const inf = await startInformer(x, ns);
    x.control.blackhole(true);
    x.store.delete(ref(ns, "gone"));
    x.store.patch(ref(ns, "keep"), { metadata: { labels: { v: "2" } } });
    x.control.expireHistory();
    x.control.blackhole(false);
    x.control.dropWatches("end");
    await waitFor(() => inf.events.length === 4, { what: "relist events" });
    expect(inf.events).toEqual(["add gone", "add keep", "delete gone", "update keep"]);
    await inf.stop();
    expect(inf.errors).toEqual([]);
  });

  it("survives a 410 storm from failNextWatches in both modes", async () => {
    const ns = "storm";
    namespaceWith(c, ns, ["a"]);
    const inf = await startInformer(c, ns);
    for (const mode of ["event", "status"] as const) {
      c.control.requestLog({ reset: true });
      c.control.failNextWatches(3, mode);
      c.control.dropWatches("end");
      // Three failed watches, each followed by a relist, then a healthy watch.
      await waitFor(() => c.control.requestLog().length === 7, { what: `7 requests (${mode})` });
      const kinds = c.control.requestLog().map((e) => (e.path.includes("watch=true") ? "watch" : "list"));
      expect(kinds).toEqual(["watch", "list", "watch", "list", "watch", "list", "watch"]);
    }
    c.store.create(svc(ns, "b"));
    await waitFor(() => inf.events.includes("add b"));
    expect(inf.errors).toEqual([]);
    await inf.stop();
  });
});
