// Wire-level behaviour of the sandbox over plain fetch: discovery, Status bodies, list RV rules,
// Table output, watch framing, bookmarks, streaming lists and 410 modes. Controls, auth and the
// optional Gateway API: server-controls.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxCluster } from "./index";
import { callJson, clusterSet, openWatchStream, waitFor } from "./testing";

let c: SandboxCluster;
const clusters = clusterSet();
const start = clusters.start;
beforeAll(async () => {
  c = await start({ bookmarkIntervalMs: 50 });
});
afterAll(() => clusters.stopAll());

const call = (path: string, init: RequestInit & { base?: string } = {}) => callJson((init.base ?? c.url) + path, init);

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const NOT_FOUND = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", details: {}, code: 404 };

describe("discovery (reference §2.2-2.3, 2.7)", () => {
  it("serves /version, /api and /apis, ignoring kubectl's timeout parameter", async () => {
    expect((await call("/version?timeout=5s")).body).toMatchObject({ major: "1", minor: "35", gitVersion: "v1.35.4" });
    expect((await call("/api?timeout=32s")).body).toEqual({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `127.0.0.1:${c.port}` }] });
    const apis = await call("/apis?timeout=32s", { headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
    expect(apis.contentType).toBe("application/json");
    expect(apis.body.groups).toEqual([
      { name: "networking.k8s.io", versions: [{ groupVersion: "networking.k8s.io/v1", version: "v1" }], preferredVersion: { groupVersion: "networking.k8s.io/v1", version: "v1" } },
      { name: "discovery.k8s.io", versions: [{ groupVersion: "discovery.k8s.io/v1", version: "v1" }], preferredVersion: { groupVersion: "discovery.k8s.io/v1", version: "v1" } },
      { name: "gateway.networking.k8s.io", versions: [{ groupVersion: "gateway.networking.k8s.io/v1", version: "v1" }, { groupVersion: "gateway.networking.k8s.io/v1beta1", version: "v1beta1" }], preferredVersion: { groupVersion: "gateway.networking.k8s.io/v1", version: "v1" } },
    ]);
  });

  it("lists resources per group version", async () => {
    const core = (await call("/api/v1")).body;
    expect(core.kind).toBe("APIResourceList");
    expect(core.apiVersion).toBeUndefined();
    expect(core.resources.find((r: { name: string }) => r.name === "services")).toEqual({
      name: "services", singularName: "service", namespaced: true, kind: "Service", verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames: ["svc"], categories: ["all"], storageVersionHash: "0/CO1lhkEBI=",
    });
    expect(core.resources.find((r: { name: string }) => r.name === "services/status")).toEqual({ name: "services/status", singularName: "", namespaced: true, kind: "Service", verbs: ["get", "patch", "update"] });
    const gw = (await call("/apis/gateway.networking.k8s.io/v1beta1?timeout=32s")).body;
    expect(gw.resources.map((r: { name: string }) => r.name)).toEqual(["gateways", "gateways/status", "httproutes", "httproutes/status"]);
    expect((await call("/apis/networking.k8s.io")).body).toMatchObject({ kind: "APIGroup", name: "networking.k8s.io" });
  });

  it("serves the real server's OpenAPI v3, cut to the kinds it serves, and /openapi/v2 in JSON and protobuf", async () => {
    const index = (await call("/openapi/v3?timeout=32s")).body;
    expect(Object.keys(index.paths).sort()).toEqual(["api/v1", "apis/discovery.k8s.io/v1", "apis/gateway.networking.k8s.io/v1",
      "apis/gateway.networking.k8s.io/v1beta1", "apis/networking.k8s.io/v1"]);
    const ref = index.paths["api/v1"].serverRelativeURL as string;
    expect(ref).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    const doc = (await call(ref)).body;
    const patch = doc.paths["/api/v1/namespaces/{namespace}/services/{name}"].patch;
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "", kind: "Service", version: "v1" });
    expect(patch.parameters.map((p: { name?: string }) => p.name)).toContain("fieldValidation");
    // Cut to the served kinds: no Pods (the real document has them) unless workloads are on.
    expect(Object.keys(doc.paths).some((p) => p.includes("/pods"))).toBe(false);
    expect(doc.components.schemas["io.k8s.api.core.v1.ServiceSpec"].properties.ports["x-kubernetes-list-map-keys"]).toEqual(["port", "protocol"]);
    const v2 = await fetch(`${c.url}/openapi/v2?timeout=32s`);
    expect(v2.headers.get("content-type")).toBe("application/json");
    expect((await v2.json()).definitions["io.k8s.api.core.v1.Service"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "", kind: "Service", version: "v1" }]);
    const pb = await fetch(`${c.url}/openapi/v2?timeout=32s`, { headers: { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" } });
    expect(pb.headers.get("content-type")).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    expect((await pb.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    for (const p of ["/openapi/v3/apis/apps/v1", "/api/v1/pods", "/apis/foo.example/v1/things", "/nope"]) {
      const r = await call(p);
      expect([r.status, r.contentType, r.body]).toEqual([404, "application/json", NOT_FOUND]);
    }
  });
});

describe("Status bodies (reference §2.8)", () => {
  it("404 for missing objects, core and grouped", async () => {
    expect((await call("/api/v1/namespaces/shop/services/api")).body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'services "api" not found', reason: "NotFound", details: { name: "api", kind: "services" }, code: 404 });
    expect((await call("/apis/networking.k8s.io/v1/namespaces/shop/ingresses/web")).body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'ingresses.networking.k8s.io "web" not found', reason: "NotFound", details: { name: "web", group: "networking.k8s.io", kind: "ingresses" }, code: 404 });
    expect((await call("/api/v1/namespaces/nope/services", { method: "POST", body: JSON.stringify({ metadata: { name: "x" }, spec: { ports: [{ port: 1 }] } }), headers: { "content-type": "application/json" } })).body.message).toBe('namespaces "nope" not found');
  });

  it("400 when the body namespace differs, 415 for strategic merge on custom resources", async () => {
    const post = await call("/api/v1/namespaces/shop/services", { method: "POST", body: JSON.stringify({ metadata: { name: "x", namespace: "default" }, spec: { ports: [{ port: 1 }] } }) });
    expect(post.status).toBe(400);
    expect(post.body.message).toBe("the namespace of the provided object does not match the namespace sent on the request");
    await call("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes", { method: "POST", body: JSON.stringify({ metadata: { name: "r" }, spec: {} }) });
    const smp = await call("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/r", { method: "PATCH", body: "{}", headers: { "content-type": "application/strategic-merge-patch+json" } });
    expect(smp.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", reason: "UnsupportedMediaType", code: 415 });
    // The same route through v1beta1: stored once, served with the requested apiVersion.
    expect((await call("/apis/gateway.networking.k8s.io/v1beta1/namespaces/shop/httproutes/r")).body.apiVersion).toBe("gateway.networking.k8s.io/v1beta1");
  });

  it("DELETE returns the object and accepts DeleteOptions; Orphan keeps dependents", async () => {
    const svc = { metadata: { name: "orph" }, spec: { ports: [{ port: 1 }] } };
    const created = (await call("/api/v1/namespaces/shop/services", { method: "POST", body: JSON.stringify(svc) })).body;
    c.store.create({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "orph-abcde", namespace: "shop", ownerReferences: [{ apiVersion: "v1", kind: "Service", name: "orph", uid: created.metadata.uid }] }, addressType: "IPv4", endpoints: [] });
    const del = await call("/api/v1/namespaces/shop/services/orph", { method: "DELETE", body: JSON.stringify({ propagationPolicy: "Orphan" }), headers: { "content-type": "application/json" } });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ kind: "Service", apiVersion: "v1", metadata: { name: "orph", uid: created.metadata.uid } });
    expect(c.store.get({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", namespace: "shop", name: "orph-abcde" })?.metadata.ownerReferences).toBeUndefined();
  });
});

describe("lists (reference §1.2-1.3)", () => {
  it("items of built-ins carry no kind, custom resources do", async () => {
    const svcs = (await call("/api/v1/namespaces/shop/services")).body;
    expect(svcs.kind).toBe("ServiceList");
    expect(svcs.items[0].kind).toBeUndefined();
    expect(svcs.items[0].apiVersion).toBeUndefined();
    const routes = (await call("/apis/gateway.networking.k8s.io/v1/httproutes")).body;
    expect(routes.items[0]).toMatchObject({ kind: "HTTPRoute", apiVersion: "gateway.networking.k8s.io/v1" });
  });

  it("follows the resourceVersion table", async () => {
    const ns = "rvtable";
    c.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const a = c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "a", namespace: ns }, spec: { ports: [{ port: 1 }] } });
    c.store.delete({ apiVersion: "v1", kind: "Service", namespace: ns, name: "a" });
    const base = `/api/v1/namespaces/${ns}/services`;
    // limit + RV = exact: the state at that RV, deleted object included.
    const exact = (await call(`${base}?limit=10&resourceVersion=${a.metadata.resourceVersion}`)).body;
    expect([exact.metadata.resourceVersion, exact.items.map((i: { metadata: { name: string } }) => i.metadata.name)]).toEqual([a.metadata.resourceVersion, ["a"]]);
    // No limit + RV = not older than: the current state.
    expect((await call(`${base}?resourceVersion=${a.metadata.resourceVersion}`)).body.items).toEqual([]);
    const bad = await call(`${base}?limit=1&continue=abc&resourceVersion=5`);
    expect([bad.status, bad.body.reason, bad.body.message]).toEqual([400, "BadRequest", "specifying resource version is not allowed when using continue"]);
    const tooNew = await call(`${base}?resourceVersion=99999999`);
    expect([tooNew.status, tooNew.body.message]).toEqual([504, `Too large resource version: 99999999, current: ${c.store.currentResourceVersion()}`]);
  });

  it("pages with remainingItemCount and no continue on the last page", async () => {
    const p1 = (await call("/api/v1/services?limit=5")).body;
    expect(p1.metadata.remainingItemCount).toBe(2);
    const p2 = (await call(`/api/v1/services?limit=5&continue=${encodeURIComponent(p1.metadata.continue)}&resourceVersion=0`)).body;
    expect(p2.metadata).toEqual({ resourceVersion: p1.metadata.resourceVersion });
    expect(p1.items.length + p2.items.length).toBe(7);
  });

  it("pages one namespace among neighbours whose keys sort around it, and a selected list, as the unpaged list", async () => {
    const own = await start();
    // keys sort "a-b/..." < "a/..." < "ab/...": namespace a's keys are one run between the others'
    for (const ns of ["a-b", "a", "ab"]) {
      own.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      for (let i = 0; i < 5; i++) {
        own.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: `s${i}`, namespace: ns, labels: { odd: String(i % 2) } }, spec: { ports: [{ port: 80 }] } });
      }
    }
    const pages = async (path: string) => {
      const names: string[] = [];
      const remaining: (number | undefined)[] = [];
      let token: string | undefined;
      do {
        const sep = path.includes("?") ? "&" : "?";
        const body = (await callJson(`${own.url}${path}${sep}limit=2${token ? `&continue=${encodeURIComponent(token)}` : ""}`)).body;
        names.push(...body.items.map((o: { metadata: { namespace: string; name: string } }) => `${o.metadata.namespace}/${o.metadata.name}`));
        remaining.push(body.metadata.remainingItemCount);
        token = body.metadata.continue;
      } while (token);
      return { names, remaining };
    };
    const all = async (path: string) =>
      (await callJson(`${own.url}${path}`)).body.items.map((o: { metadata: { namespace: string; name: string } }) => `${o.metadata.namespace}/${o.metadata.name}`);
    const inA = await pages("/api/v1/namespaces/a/services");
    expect(inA.names).toEqual(["a/s0", "a/s1", "a/s2", "a/s3", "a/s4"]);
    expect(inA.remaining).toEqual([3, 1, undefined]);
    expect((await pages("/api/v1/services")).names).toEqual(await all("/api/v1/services"));
    const odd = await pages("/api/v1/services?labelSelector=odd%3D1");
    expect(odd.names).toEqual(await all("/api/v1/services?labelSelector=odd%3D1"));
    expect(odd.names).toHaveLength(6);
    // a selector leaves the count unknown, as etcd3's does
    expect(odd.remaining.every((r) => r === undefined)).toBe(true);
  });
});

describe("Table output (reference §2.5)", () => {
  it("prints Services with the kube-apiserver columns", async () => {
    const t = (await call("/api/v1/namespaces/shop/services?limit=500", { headers: { accept: TABLE } })).body;
    expect(t.kind).toBe("Table");
    expect(t.apiVersion).toBe("meta.k8s.io/v1");
    expect(t.columnDefinitions.map((d: { name: string; priority: number }) => `${d.name}:${d.priority}`)).toEqual(["Name:0", "Type:0", "Cluster-IP:0", "External-IP:0", "Port(s):0", "Age:0", "Selector:1"]);
    const row = t.rows.find((r: { cells: string[] }) => r.cells[0] === "usermgr-lb");
    expect(row.cells.slice(0, 5)).toEqual(["usermgr-lb", "LoadBalancer", "10.96.1.3", "198.51.100.10", "80:30086/TCP"]);
    expect(row.cells[5]).toMatch(/^\d+s$/);
    expect(row.cells[6]).toBe("app=usermgr");
    expect(row.object).toMatchObject({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: { name: "usermgr-lb", namespace: "shop" } });
  });

  it("prints Ingresses", async () => {
    const t = (await call("/apis/networking.k8s.io/v1/namespaces/shop/ingresses/shop-api", { headers: { accept: TABLE } })).body;
    expect(t.columnDefinitions.map((d: { name: string }) => d.name)).toEqual(["Name", "Class", "Hosts", "Address", "Ports", "Age"]);
    expect(t.rows[0].cells.slice(0, 5)).toEqual(["shop-api", "kong", "api.shop.example", "198.51.100.20", "80"]);
  });
});

describe("watch (reference §1.5-1.8)", () => {
  it("reads boolean query parameters as the API server does: only absent, 0 and false (any case) are false", async () => {
    // Python's client sends watch=True; "" is true too (apimachinery Convert_Slice_string_To_bool).
    const truthy = ["True", "TRUE", "t", "yes", ""];
    const watches = await Promise.all(truthy.map((v) => openWatchStream(`${c.url}/api/v1/namespaces?watch=${v}&timeoutSeconds=1`)));
    for (const [i, w] of watches.entries()) {
      await waitFor(() => w.ended(), { what: `watch=${truthy[i]} to end` });
      expect(w.events.length, `watch=${truthy[i]}`).toBeGreaterThan(0);
      expect(w.events.every((e) => e.type === "ADDED"), `watch=${truthy[i]}`).toBe(true);
    }
    for (const v of ["False", "FALSE", "0"]) {
      expect((await call(`/api/v1/namespaces?watch=${v}`)).body.kind, `watch=${v}`).toBe("NamespaceList");
    }
  });

  it("streams one JSON document per line with kind/apiVersion, DELETED at the deletion RV", async () => {
    c.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "w" } });
    const rv = c.store.currentResourceVersion();
    const w = await openWatchStream(`${c.url}/api/v1/namespaces/w/services?watch=1&resourceVersion=${rv}`);
    expect([w.status, w.contentType]).toEqual([200, "application/json"]);
    const ref = { apiVersion: "v1", kind: "Service", namespace: "w", name: "s" };
    c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "w" }, spec: { ports: [{ port: 1 }] } });
    c.store.patch(ref, { metadata: { labels: { a: "b" } } });
    c.store.delete(ref);
    const deletedAt = c.store.currentResourceVersion();
    await waitFor(() => w.events.length === 3, { what: "3 events" });
    expect(w.events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(w.events.every((e) => e.object.kind === "Service" && e.object.apiVersion === "v1")).toBe(true);
    expect(w.events[2].object.metadata?.resourceVersion).toBe(deletedAt);
    expect(w.lines.every((l) => JSON.parse(l).type)).toBe(true);
    expect(w.events.some((e) => e.type === "BOOKMARK")).toBe(false);
    w.close();
  });

  it("sends bookmarks only when allowed, and implements sendInitialEvents", async () => {
    const w = await openWatchStream(`${c.url}/api/v1/namespaces/shop/services?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    await waitFor(() => w.events.filter((e) => e.type === "BOOKMARK").length >= 2, { what: "bookmarks" });
    const initialEnd = w.events.findIndex((e) => e.type === "BOOKMARK");
    expect(w.events.slice(0, initialEnd).map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(
      ["usermgr", "usermgr-nodeport", "usermgr-lb", "ordermgr", "ordermgr-nodeport", "ordermgr-lb"].sort().map((n) => `ADDED ${n}`));
    expect(w.events[initialEnd].object).toEqual({ kind: "Service", apiVersion: "v1", metadata: { resourceVersion: c.store.currentResourceVersion(), annotations: { "k8s.io/initial-events-end": "true" } },
      spec: {}, status: { loadBalancer: {} } });
    w.close();
    const bad = await call("/api/v1/services?watch=true&sendInitialEvents=true");
    expect([bad.status, bad.body.message]).toEqual([422, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan']);
  });

  it("turns label-selector transitions into ADDED/DELETED", async () => {
    c.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "sel" } });
    const w = await openWatchStream(`${c.url}/api/v1/namespaces/sel/services?watch=true&labelSelector=tier%3Dfront`);
    const ref = { apiVersion: "v1", kind: "Service", namespace: "sel", name: "s" };
    c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "sel" }, spec: { ports: [{ port: 1 }] } });
    c.store.patch(ref, { metadata: { labels: { tier: "front" } } });
    c.store.patch(ref, { spec: { ports: [{ port: 2 }] } });
    const leaving = c.store.patch(ref, { metadata: { labels: { tier: null } } });
    c.store.delete(ref);
    c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "sel", labels: { tier: "front" } }, spec: { ports: [{ port: 1 }] } });
    await waitFor(() => w.events.length === 4, { what: "4 events" });
    expect(w.events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED", "ADDED"]);
    expect(w.events[2].object.metadata).toMatchObject({ resourceVersion: leaving.metadata.resourceVersion, labels: { tier: "front" } });
    w.close();
  });

  it("renders Tables on watch (kubectl get -w) with columns only on the first event", async () => {
    const w = await openWatchStream(`${c.url}/apis/networking.k8s.io/v1/namespaces/shop/ingresses?watch=true`, { accept: TABLE });
    c.store.patch({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "shop", name: "shop-api" }, { metadata: { labels: { x: "1" } } });
    await waitFor(() => w.events.length === 2);
    expect(w.events[0].object.kind).toBe("Table");
    expect((w.events[0].object.columnDefinitions as unknown[]).length).toBe(6);
    expect(w.events[1].object.columnDefinitions).toEqual([]);
    expect((w.events[1].object.rows as { cells: string[] }[])[0].cells[0]).toBe("shop-api");
    w.close();
  });

  it("ends cleanly after timeoutSeconds", async () => {
    const w = await openWatchStream(`${c.url}/api/v1/nodes?watch=true&timeoutSeconds=1`);
    await waitFor(() => w.ended(), { what: "end of stream" });
    expect([w.error(), w.events.length]).toEqual([undefined, 3]);
  });

  it("keeps historyLimit events: older RVs are compacted", async () => {
    const small = await start({ historyLimit: 3, seed: false });
    for (const n of ["a", "b", "c", "d", "e"]) small.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: n } });
    const ok = await openWatchStream(`${small.url}/api/v1/namespaces?watch=true&resourceVersion=2`);
    await waitFor(() => ok.events.length === 3);
    expect(ok.events.map((e) => `${e.type} ${e.object.metadata?.name} ${e.object.metadata?.resourceVersion}`)).toEqual(["ADDED c 3", "ADDED d 4", "ADDED e 5"]);
    ok.close();
    const old = await openWatchStream(`${small.url}/api/v1/namespaces?watch=true&resourceVersion=1`);
    await waitFor(() => old.ended());
    expect(old.events.map((e) => `${e.type} ${e.object.message}`)).toEqual(["ERROR too old resource version: 1 (2)"]);
  });

  it("answers a compacted RV with an ERROR event (default) or HTTP 410", async () => {
    const status = await start({ expiredMode: "status", seed: false });
    for (const x of [c, status]) {
      for (const n of ["a", "b"]) x.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: `gone-${n}` } });
      x.control.expireHistory();
    }
    const expired = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `too old resource version: 1 (${c.store.currentResourceVersion()})`, reason: "Expired", code: 410 };
    const ev = await openWatchStream(`${c.url}/api/v1/services?watch=true&resourceVersion=1`);
    await waitFor(() => ev.ended());
    expect([ev.status, ev.events]).toEqual([200, [{ type: "ERROR", object: expired }]]);
    const http = await call("/api/v1/services?watch=true&resourceVersion=1", { base: status.url });
    expect([http.status, http.body]).toEqual([410, { ...expired, message: `too old resource version: 1 (${status.store.currentResourceVersion()})` }]);
  });
});
