// Signpost against the real API server, as a user runs it: `signpost start` with KUBECONFIG
// pointing at kube-apiserver (through a recording proxy that can take the network away), read
// over HTTP. Services of every type, EndpointSlices written by the test (there is no
// controller-manager), an Ingress and an HTTPRoute show with the right exposures and addresses;
// an update and a delete arrive; a Service deleted while Signpost is stopped is gone at the first
// relist; an etcd compaction that makes the watch's resourceVersion answer 410 loses nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compactEtcd } from "./helpers/control-plane";
import { kubeHttp, type KubeTarget } from "./helpers/kube-http";
import { startApiProxy, type ApiProxy } from "./helpers/api-proxy";
import { startRealSignpost, writeKubeconfig, type CatalogApi, type RealSignpost } from "./helpers/signpost-real";
import { waitFor } from "../helpers/wait-for";

const NS = "rs-shop";
const CLUSTER = "real";
let kube: KubeTarget;
let proxy: ApiProxy;
let app: RealSignpost;
let dir: string;
let env: Record<string, string>;

/** A write that must succeed; returns the object the server answered with. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function write(method: string, p: string, body?: unknown, contentType?: string): Promise<any> {
  const res = await kubeHttp(kube, method, p, { body, contentType });
  if (res.status >= 300) throw new Error(`${method} ${p}: HTTP ${res.status} ${res.text.slice(0, 400)}`);
  return res.json;
}

const svcPath = (name = "") => `/api/v1/namespaces/${NS}/services${name ? `/${name}` : ""}`;
const slicePath = (name = "") => `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices${name ? `/${name}` : ""}`;

function service(name: string, app: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) {
  return { apiVersion: "v1", kind: "Service", metadata: { name, labels: { app }, annotations }, spec: { selector: { app }, ...spec } };
}

function endpointSlice(name: string, serviceName: string, ready: boolean[], port: { name?: string; port: number }, hostnames = false) {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name, labels: { "kubernetes.io/service-name": serviceName, "endpointslice.kubernetes.io/managed-by": "signpost-real-suite" } },
    addressType: "IPv4",
    endpoints: ready.map((r, i) => ({
      addresses: [`10.244.1.${10 + i}`],
      conditions: { ready: r },
      ...(hostnames ? { hostname: `${serviceName}-${i}` } : {}),
      targetRef: { kind: "Pod", namespace: NS, name: `${serviceName}-pod-${i}` },
    })),
    ports: [{ ...port, protocol: "TCP" }],
  };
}

const byName = (list: CatalogApi[], name: string) => list.find((a) => a.name === name);
const urls = (a: CatalogApi | undefined, mode: string) => (a?.exposures ?? []).filter((e) => e.mode === mode).map((e) => e.url);

/** Awaits `accept` on the namespace's APIs; returns them and how long it took from `since`. */
async function until(accept: (apis: CatalogApi[]) => boolean, what: string, o: { includeGone?: boolean; since?: number; timeoutMs?: number } = {}) {
  const list = await waitFor(() => app.apis(NS, o.includeGone), accept, { timeoutMs: o.timeoutMs ?? 30_000, intervalMs: 25, what });
  return { list, ms: Date.now() - (o.since ?? Date.now()) };
}

/** Figures for docs/benchmarks.md (printed, never asserted). */
function figure(what: string, ms: number): void {
  console.log(`[real figure] ${what}: ${ms} ms`);
}

beforeAll(async () => {
  const cp = inject("realControlPlane");
  kube = { name: "real", url: cp.url, token: cp.token, ca: cp.ca };
  proxy = await startApiProxy(cp);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-real-catalog-"));
  env = { KUBECONFIG: writeKubeconfig(path.join(dir, "kubeconfig"), { server: proxy.url, token: cp.token, ca: cp.ca, context: CLUSTER }), SIGNPOST_IN_CLUSTER: "false" };

  await write("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  // Nodes as kubelets register them (status included): one with an external address, one without.
  for (const [name, addresses] of [
    ["rs-node-a", [{ type: "InternalIP", address: "10.1.0.21" }, { type: "ExternalIP", address: "203.0.113.21" }]],
    ["rs-node-b", [{ type: "InternalIP", address: "10.1.0.22" }]],
  ] as const) {
    const node = await write("POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name }, status: { addresses } });
    if (!node.status?.addresses?.length) await write("PATCH", `/api/v1/nodes/${name}/status`, { status: { addresses } }, "application/merge-patch+json");
  }
  const klass = await kubeHttp(kube, "POST", "/apis/networking.k8s.io/v1/ingressclasses", {
    body: { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "kong" }, spec: { controller: "ingress-controllers.konghq.com/kong" } },
  });
  if (klass.status !== 201 && klass.status !== 409) throw new Error(`IngressClass kong: HTTP ${klass.status} ${klass.text}`);

  const http = { name: "http", port: 80, targetPort: 8080 };
  await write("POST", svcPath(), service("orders", "orders", { ports: [http] }, { "signpost.dev/team": "commerce" }));
  await write("POST", svcPath(), service("orders-nodeport", "orders", { type: "NodePort", ports: [http] }));
  await write("POST", svcPath(), service("orders-lb", "orders", { type: "LoadBalancer", ports: [http] }));
  await write("POST", slicePath(), endpointSlice("orders-a", "orders", [true, true, false], { name: "http", port: 8080 }));
  await write("POST", svcPath(), service("catalog", "catalog", { clusterIP: "None", ports: [{ name: "http", port: 8080 }] }));
  await write("POST", slicePath(), endpointSlice("catalog-a", "catalog", [true, true], { name: "http", port: 8080 }, true));
  await write("POST", svcPath(), { apiVersion: "v1", kind: "Service", metadata: { name: "billing" }, spec: { type: "ExternalName", externalName: "billing.example.com" } });
  await write("POST", svcPath(), service("inventory", "inventory", { ports: [{ port: 8080 }] }));
  await write("POST", svcPath(), service("reviews", "reviews", { ports: [{ port: 9080 }] }));
  await write("POST", svcPath(), service("ephemeral", "ephemeral", { ports: [{ port: 7000 }] }));
  await write("POST", `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`, {
    apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "inventory" },
    spec: { ingressClassName: "kong", rules: [{ host: "inventory.example.com", http: { paths: [{ path: "/inventory", pathType: "Prefix", backend: { service: { name: "inventory", port: { number: 8080 } } } }] } }] },
  });
  await write("POST", `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/gateways`, {
    apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "edge" },
    spec: { gatewayClassName: "kong", listeners: [{ name: "http", port: 80, protocol: "HTTP", hostname: "*.example.com" }] },
  });
  await write("POST", `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes`, {
    apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "reviews" },
    spec: { parentRefs: [{ name: "edge" }], hostnames: ["reviews.example.com"], rules: [{ matches: [{ path: { type: "PathPrefix", value: "/reviews" } }], backendRefs: [{ name: "reviews", port: 9080 }] }] },
  });

  app = await startRealSignpost({ env: { ...env, SIGNPOST_DATA_DIR: path.join(dir, "data") }, cluster: CLUSTER, dataDir: path.join(dir, "data") });
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await proxy?.stop();
  if (kube) {
    await kubeHttp(kube, "DELETE", `/api/v1/namespaces/${NS}`).catch(() => {});
    for (const n of ["rs-node-a", "rs-node-b"]) await kubeHttp(kube, "DELETE", `/api/v1/nodes/${n}`).catch(() => {});
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("Signpost against the real API server, over HTTP", () => {
  it("shows Services of every type, with the nodes, endpoints, Ingress and HTTPRoute they are reached through", async () => {
    const { list } = await until((l) => ["orders", "catalog", "billing", "inventory", "reviews"].every((n) => byName(l, n)), "the namespace's APIs");
    const nodePort = (await kubeHttp(kube, "GET", svcPath("orders-nodeport"))).json.spec.ports[0].nodePort as number;
    const lbNodePort = (await kubeHttp(kube, "GET", svcPath("orders-lb"))).json.spec.ports[0].nodePort as number;
    expect(nodePort).toBeGreaterThanOrEqual(30000);

    // ClusterIP + NodePort + LoadBalancer on one selector and target port: one API.
    const orders = byName(list, "orders")!;
    expect(orders).toMatchObject({ microservice: "orders", team: "commerce", namespace: NS, readyPods: 2, totalPods: 3, exposureMode: "NodePort", proxyUrl: `http://203.0.113.21:${nodePort}` });
    expect(orders.modes).toEqual(["LoadBalancer", "NodePort", "ClusterIP"]);
    expect(urls(orders, "ClusterIP")).toEqual([`http://orders.${NS}.svc.cluster.local:80`]);
    // rs-node-a by its ExternalIP, rs-node-b by its InternalIP (it has no external one)
    expect(urls(orders, "NodePort")).toEqual(expect.arrayContaining([`http://203.0.113.21:${nodePort}`, `http://10.1.0.22:${nodePort}`]));
    const lb = orders.exposures.find((e) => e.mode === "LoadBalancer")!;
    expect([lb.url, lb.status, lb.details.nodePort]).toEqual([null, "pending", lbNodePort]);

    // headless: the name on the target port, the ready pods' DNS names as details
    const catalog = byName(list, "catalog")!;
    expect([catalog.exposureMode, catalog.proxyUrl, catalog.readyPods]).toEqual(["ClusterIP", `http://catalog.${NS}.svc.cluster.local:8080`, 2]);
    expect(catalog.exposures[0].details).toMatchObject({ headless: true });
    expect(JSON.stringify(catalog.exposures[0].details.podAddresses)).toContain(`catalog-0.catalog.${NS}.svc.cluster.local`);

    expect(byName(list, "billing")).toMatchObject({ exposureMode: "ExternalName", proxyUrl: "billing.example.com" });
    const inventory = byName(list, "inventory")!;
    expect([inventory.exposureMode, inventory.proxyUrl]).toEqual(["Ingress", "http://inventory.example.com/inventory"]);
    expect(inventory.modes).toEqual(["Ingress", "ClusterIP"]);
    const reviews = byName(list, "reviews")!;
    expect([reviews.exposureMode, reviews.proxyUrl]).toEqual(["HTTPRoute", "http://reviews.example.com/reviews"]);

    // The source says what it synced from the real server.
    const src = (await app.source("cluster", CLUSTER))!;
    expect([src.state, src.lastError, src.info.gatewayApi]).toEqual(["live", null, true]);
  });

  it("shows a load balancer's address once its status is patched (as a cloud controller would)", async () => {
    const since = Date.now();
    await write("PATCH", svcPath("orders-lb") + "/status", { status: { loadBalancer: { ingress: [{ ip: "198.51.100.30" }] } } }, "application/merge-patch+json");
    const { list, ms } = await until((l) => urls(byName(l, "orders"), "LoadBalancer")[0] === "http://198.51.100.30:80", "the load balancer's address", { since });
    expect(byName(list, "orders")).toMatchObject({ exposureMode: "LoadBalancer", proxyUrl: "http://198.51.100.30:80" });
    figure("load-balancer status patch to REST", ms);
  });

  it("shows an update and a delete", async () => {
    let since = Date.now();
    // (a merge patch replaces the list; a strategic one would add a port, its merge key)
    await write("PATCH", svcPath("orders"), { spec: { ports: [{ name: "http", port: 81, targetPort: 8080 }] } }, "application/merge-patch+json");
    const updated = await until((l) => urls(byName(l, "orders"), "ClusterIP")[0] === `http://orders.${NS}.svc.cluster.local:81`, "the new port", { since });
    figure("Service update to REST", updated.ms);

    since = Date.now();
    await write("DELETE", svcPath("ephemeral"));
    const deleted = await until((l) => !byName(l, "ephemeral"), "ephemeral to leave the catalog", { since });
    figure("Service delete to REST", deleted.ms);
    const gone = byName(await app.apis(NS, true), "ephemeral");
    expect(gone?.goneAt).not.toBeNull();
  });

  it("marks a Service deleted while Signpost was stopped gone at the first relist after it starts", async () => {
    await app.stop();
    await write("DELETE", svcPath("billing"));
    const restartedAt = Date.now();
    app = await startRealSignpost({ env: { ...env, SIGNPOST_DATA_DIR: app.dataDir }, cluster: CLUSTER, dataDir: app.dataDir, live: false });
    const { list } = await until((l) => !byName(l, "billing") && Boolean(byName(l, "orders")), "billing to be gone after the restart", { timeoutMs: 60_000 });
    expect(byName(list, "orders")).toBeDefined();
    expect(byName(await app.apis(NS, true), "billing")?.goneAt).not.toBeNull();
    // the first list of Services since the restart is the one that found it gone (no periodic resync yet)
    const lists = proxy.requests.filter((r) => r.at >= restartedAt && r.method === "GET" && r.path.startsWith("/api/v1/services?limit="));
    expect(lists).toHaveLength(1);
  });

  it("recovers from an etcd compaction that makes its watch's resourceVersion answer 410, losing nothing", async () => {
    await write("POST", svcPath(), service("doomed", "doomed", { ports: [{ port: 7100 }] }));
    await until((l) => Boolean(byName(l, "doomed")), "doomed to appear");
    const slice = await kubeHttp(kube, "GET", slicePath("orders-a"));

    // The network goes away; meanwhile the cluster changes and etcd compacts its history.
    proxy.block();
    const blockedAt = Date.now();
    await write("PUT", slicePath("orders-a"), { ...endpointSlice("orders-a", "orders", [true, true, true], { name: "http", port: 8080 }), metadata: { ...slice.json.metadata } });
    await write("DELETE", svcPath("doomed"));
    const newcomer = await write("POST", svcPath(), service("newcomer", "newcomer", { ports: [{ port: 7200 }] }));
    await compactEtcd(inject("realControlPlane").etcdUrl, newcomer.metadata.resourceVersion);
    const unblockedAt = Date.now();
    proxy.unblock();

    const { list, ms } = await until(
      (l) => byName(l, "orders")?.readyPods === 3 && Boolean(byName(l, "newcomer")) && !byName(l, "doomed"),
      "the changes made during the outage",
      { since: unblockedAt, timeoutMs: 60_000 },
    );
    expect(byName(list, "orders")).toMatchObject({ readyPods: 3, totalPods: 3 });
    figure(`changes made during a ${unblockedAt - blockedAt} ms outage with a compaction, visible after reconnecting`, ms);
    // The EndpointSlice watch (served from etcd) resumed from a compacted resourceVersion: 410, then a relist.
    const after = proxy.requests.filter((r) => r.at >= unblockedAt);
    const expired = after.find((r) => r.gone && r.path.startsWith("/apis/discovery.k8s.io/v1/endpointslices?") && r.path.includes("watch=true"));
    expect(expired, JSON.stringify(after.map((r) => `${r.status} ${r.path}`))).toBeDefined();
    expect(after.some((r) => r.at >= expired!.at && r.path.startsWith("/apis/discovery.k8s.io/v1/endpointslices?limit="))).toBe(true);

    // And the watches that followed deliver new changes.
    const since = Date.now();
    await write("PATCH", slicePath("orders-a"), [{ op: "replace", path: "/endpoints/0/conditions/ready", value: false }], "application/json-patch+json");
    await write("POST", svcPath(), service("after-compaction", "after-compaction", { ports: [{ port: 7300 }] }));
    const later = await until((l) => byName(l, "orders")?.readyPods === 2 && Boolean(byName(l, "after-compaction")), "changes after the recovery", { since });
    figure("changes after the recovery to REST", later.ms);
    const src = await waitFor(() => app.source("cluster", CLUSTER), (s) => s?.state === "live", { timeoutMs: 30_000, what: "the source to be live again" }).catch((err) => {
      throw new Error(`${err.message}\nrequests since the outage:\n${proxy.requests.filter((r) => r.at >= blockedAt).map((r) => `${new Date(r.at).toISOString()} ${r.status}${r.gone ? " (410)" : ""} ${r.method} ${r.path}`).join("\n")}`);
    });
    expect(src?.lastError).toBeNull();
  });
});
