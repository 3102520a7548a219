// The sandbox Kong Ingress Controller between a seeded sandbox cluster and a sandbox gateway:
// what KIC 3.x writes in DB-backed mode for the example Ingress (names, UUIDv5 ids, tags,
// paths, targets), read back over the Admin API; Ingress changes applied over the cluster's HTTP
// API reach the gateway; entities without the select tag are never touched; other classes are
// ignored; a sync with nothing to change writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxIngressController, SELECT_TAG, type ControllerSyncReport, type SandboxIngressController } from "../../lib/sandbox/kic/index";
import { declarativeId, startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong/index";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube/index";
import { waitFor } from "../../lib/sandbox/kube/testing";
import { adminApi } from "./kong-test-helpers";

let cluster: SandboxCluster;
let gateway: SandboxGateway;
let kic: SandboxIngressController;
const syncs: ControllerSyncReport[] = [];
let admin: ReturnType<typeof adminApi>;

beforeAll(async () => {
  [cluster, gateway] = await Promise.all([startSandboxCluster(), startSandboxGateway()]);
  admin = adminApi(gateway.url);
  kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, proxyAddress: "127.0.0.1", onSync: (r) => syncs.push(r) });
});
afterAll(async () => {
  kic?.stop();
  await Promise.all([cluster?.stop(), gateway?.stop()]);
});

/** Resolves after the next sync the controller runs on its own (after a cluster change). */
function nextSync(): Promise<ControllerSyncReport> {
  const seen = syncs.length;
  return waitFor(() => syncs[seen], { what: "a controller sync" });
}

const managed = async (kind: string) => (await admin("GET", `/${kind}?tags=${SELECT_TAG}`)).body.data as Record<string, unknown>[];
const ingressUrl = (name = "") => `${cluster.url}/apis/networking.k8s.io/v1/namespaces/shop/ingresses${name && `/${name}`}`;
const ingress = (name: string, cls: string, path: string) => ({
  apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name, namespace: "shop" },
  spec: { ingressClassName: cls, rules: [{ host: "new.shop.example", http: { paths: [{ path, pathType: "Exact", backend: { service: { name: "usermgr", port: { number: 80 } } } }] } }] },
});

describe("the seeded example", () => {
  it("becomes exactly KIC's services, routes and upstreams, read over the Admin API", async () => {
    const uid = (kind: string, name: string) => cluster.store.get({ apiVersion: kind === "Ingress" ? "networking.k8s.io/v1" : "v1", kind, namespace: "shop", name })!.metadata.uid;
    const services = await managed("services");
    expect(services.map((s) => [s.name, s.id, s.host, s.port, s.protocol, s.path])).toEqual([
      ["shop.ordermgr.80", declarativeId("services", "shop.ordermgr.80"), "ordermgr.shop.80.svc", 80, "http", "/"],
      ["shop.usermgr.80", declarativeId("services", "shop.usermgr.80"), "usermgr.shop.80.svc", 80, "http", "/"],
    ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))));
    expect(services.find((s) => s.name === "shop.usermgr.80")!.tags).toEqual(
      ["k8s-name:usermgr", "k8s-namespace:shop", "k8s-kind:Service", `k8s-uid:${uid("Service", "usermgr")}`, "k8s-version:v1", SELECT_TAG]);

    const routes = (await managed("routes")).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(routes.map((r) => r.name)).toEqual(["shop.shop-api.ordermgr.api.shop.example.80", "shop.shop-api.usermgr.api.shop.example.80"]);
    const users = routes[1];
    expect(users).toMatchObject({
      id: declarativeId("routes", "shop.shop-api.usermgr.api.shop.example.80"), service: { id: declarativeId("services", "shop.usermgr.80") },
      hosts: ["api.shop.example"], paths: ["/users/", "~/users$"], strip_path: false, preserve_host: true, protocols: ["http", "https"],
      tags: ["k8s-name:shop-api", "k8s-namespace:shop", "k8s-kind:Ingress", `k8s-uid:${uid("Ingress", "shop-api")}`, "k8s-group:networking.k8s.io", "k8s-version:v1", SELECT_TAG],
    });
    expect(routes[0].paths).toEqual(["/orders/", "~/orders$"]);

    const upstreams = await managed("upstreams");
    expect(upstreams.map((u) => u.name).sort()).toEqual(["ordermgr.shop.80.svc", "usermgr.shop.80.svc"]);
    for (const [name, host] of [["usermgr.shop.80.svc", 10], ["ordermgr.shop.80.svc", 11]] as const) {
      const targets = (await admin("GET", `/upstreams/${name}/targets`)).body.data as { target: string; weight: number }[];
      expect(targets.map((t) => [t.target, t.weight]).sort()).toEqual([1, 2, 3].map((n) => [`10.244.${n}.${host}:8080`, 100]));
    }
  });

  it("publishes the proxy address in the Ingress status", () => {
    const ing = cluster.store.get({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "shop", name: "shop-api" })!;
    expect(ing.status).toEqual({ loadBalancer: { ingress: [{ ip: "127.0.0.1" }] } });
  });

  it("a sync with nothing to change writes nothing", () => {
    const before = gateway.store.list("routes");
    expect(kic.sync()).toEqual({ created: 0, updated: 0, deleted: 0, errors: [], failures: [] });
    expect(gateway.store.list("routes")).toEqual(before);
  });
});

describe("following the cluster", () => {
  it("adds the route of a new Ingress applied over HTTP, updates it in place, and removes it when the Ingress goes", async () => {
    const name = "shop.shop-new.usermgr.new.shop.example.80";
    const created = await fetch(ingressUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ingress("shop-new", "kong", "/v1")) });
    expect(created.status).toBe(201);
    const route = await waitFor(async () => {
      const r = await admin("GET", `/routes/${name}`);
      return r.status === 200 && r.body;
    }, { what: "the new route" });
    expect([route.id, route.paths, route.hosts]).toEqual([declarativeId("routes", name), ["~/v1$"], ["new.shop.example"]]);

    const patched = fetch(ingressUrl("shop-new"), { method: "PATCH", headers: { "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ metadata: { annotations: { "konghq.com/methods": "get" } } }) });
    const report = await nextSync();
    expect((await patched).status).toBe(200);
    expect([report.created, report.updated, report.deleted]).toEqual([0, 1, 0]);
    expect((await admin("GET", `/routes/${name}`)).body).toMatchObject({ id: route.id, methods: ["GET"], created_at: route.created_at });

    expect((await fetch(ingressUrl("shop-new"), { method: "DELETE" })).status).toBe(200);
    await waitFor(async () => (await admin("GET", `/routes/${name}`)).status === 404, { what: "the route to go" });
    expect((await managed("routes")).length).toBe(2);
  });

  it("drops a target when its endpoint stops being ready", async () => {
    const slice = cluster.store.list({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", namespace: "shop", labelSelector: "kubernetes.io/service-name=ordermgr" }).items[0];
    slice.endpoints[0].conditions.ready = false;
    cluster.store.update(slice);
    await nextSync();
    const targets = (await admin("GET", "/upstreams/ordermgr.shop.80.svc/targets")).body.data as { target: string }[];
    expect(targets.map((t) => t.target).sort()).toEqual(["10.244.2.11:8080", "10.244.3.11:8080"]);
  });

  it("ignores an Ingress of another class", async () => {
    const other = cluster.store.create(ingress("other", "nginx", "/other"));
    const report = await nextSync();
    expect([report.created, report.updated, report.deleted]).toEqual([0, 0, 0]);
    expect((await admin("GET", "/routes/shop.other.usermgr.new.shop.example.80")).status).toBe(404);
    expect(cluster.store.get({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "shop", name: "other" })!.status).toEqual(other.status);
  });

  it("never touches an entity without the select tag, even one that takes a name it wants", async () => {
    const mine = gateway.store.insert("services", { name: "signpost-billing", url: "http://billing.internal:8080", tags: ["signpost-managed"] });
    const myRoute = gateway.store.insert("routes", { name: "signpost-billing", paths: ["/billing"], service: { id: mine.id }, tags: ["signpost-managed"] });
    const squatter = gateway.store.insert("routes", { name: "shop.shop-late.usermgr.new.shop.example.80", paths: ["/x"], tags: ["signpost-managed"] });
    cluster.store.create(ingress("shop-late", "kong", "/late"));
    const report = await nextSync();
    // Kong refuses the route KIC wants (its name is taken); the report says so and nothing is overwritten.
    expect(report.errors).toEqual([`routes ${declarativeId("routes", squatter.name as string)}: UNIQUE violation detected on '{name="${squatter.name}"}'`]);
    for (const [kind, e] of [["services", mine], ["routes", myRoute], ["routes", squatter]] as const) {
      expect(gateway.store.get(kind, e.id), `${kind} ${e.name}`).toEqual(e);
    }
    cluster.store.delete({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "shop", name: "shop-late" });
    await nextSync();
    expect(gateway.store.get("routes", squatter.id)).toEqual(squatter);
  });
});
