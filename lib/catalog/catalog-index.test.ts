import { describe, expect, it } from "vitest";
import { CatalogIndex } from "./catalog-index";
import { exampleObjects, exampleService, exampleSlice } from "./testing/example";
import type { DerivedApi, GatewayRouteInfo, GatewayServiceInfo } from "./types";

function loadExample(index = new CatalogIndex(), cluster = "sandbox") {
  const ex = exampleObjects(cluster);
  for (const n of ex.nodes) index.upsert({ kind: "Node", obj: n });
  for (const s of ex.services) index.upsert({ kind: "Service", obj: s });
  for (const s of ex.slices) index.upsert({ kind: "EndpointSlice", obj: s });
  index.upsert({ kind: "Ingress", obj: ex.ingress });
  index.upsert({ kind: "IngressClass", obj: ex.ingressClass });
  return index;
}

function byName(apis: Iterable<DerivedApi>) {
  return Object.fromEntries([...apis].map((a) => [a.name, a]));
}

describe("CatalogIndex on the seeded example", () => {
  it("yields exactly one API per microservice with its four kinds of exposure", () => {
    const index = loadExample();
    const { upserted, removed } = index.flush();
    expect(removed).toEqual([]);
    expect(upserted.map((a) => a.name).sort()).toEqual(["ordermgr", "usermgr"]);
    const user = byName(upserted).usermgr;
    expect(user.key).toBe("k8s:sandbox/shop/usermgr");
    expect(user.microservice).toBe("usermgr");
    expect(user.team).toBe("identity");
    expect(user.cluster).toBe("sandbox");
    expect(user.namespace).toBe("shop");
    expect(user.modes).toEqual(["Ingress", "LoadBalancer", "NodePort", "ClusterIP"]);
    expect(user.exposureMode).toBe("Ingress");
    expect(user.proxyUrl).toBe("http://api.shop.example/users");
    expect(user.exposures.map((e) => [e.mode, e.url])).toEqual([
      ["Ingress", "http://api.shop.example/users"],
      ["LoadBalancer", "http://198.51.100.10:80"],
      ["NodePort", "http://203.0.113.11:30080"],
      ["NodePort", "http://203.0.113.12:30080"],
      ["NodePort", "http://203.0.113.13:30080"],
      ["ClusterIP", "http://usermgr.shop.svc.cluster.local:80"],
    ]);
    expect(user.exposures[0].details).toMatchObject({ ingressClass: "kong", controller: "ingress-controllers.konghq.com/kong" });
    expect(user.readyPods).toBe(3);
    expect(user.totalPods).toBe(3);
    expect(byName(upserted).ordermgr.proxyUrl).toBe("http://api.shop.example/orders");
    expect(byName(upserted).ordermgr.team).toBe("commerce");
  });

  it("a second flush with no change writes nothing", () => {
    const index = loadExample();
    index.flush();
    loadExample(index); // the same objects again, as a relist delivers them
    expect(index.pending).toBe(0);
    expect(index.flush()).toEqual({ upserted: [], removed: [] });
  });

  it("recomputes only the touched API on a change", () => {
    const index = loadExample();
    index.flush();
    const before = index.get("k8s:sandbox/shop/ordermgr")!;
    // a pod turns unready: every slice of the three Services says so
    for (const svc of ["ordermgr", "ordermgr-nodeport", "ordermgr-lb"]) {
      index.upsert({ kind: "EndpointSlice", obj: exampleSlice("ordermgr", svc, "sandbox", [true, false, true]) });
    }
    const { upserted } = index.flush();
    expect(upserted.map((a) => a.name)).toEqual(["ordermgr"]);
    expect([upserted[0].readyPods, upserted[0].totalPods]).toEqual([2, 3]);
    expect(upserted[0].contentHash).not.toBe(before.contentHash);
    expect(upserted[0].eventHash).toBe(before.eventHash);
  });

  it("falls back to the next most external address when the Ingress goes", () => {
    const index = loadExample();
    index.flush();
    index.remove("Ingress", "sandbox", "shop", "shop-api");
    const { upserted } = index.flush();
    const user = byName(upserted).usermgr;
    expect(user.proxyUrl).toBe("http://198.51.100.10:80");
    expect(user.exposureMode).toBe("LoadBalancer");
  });

  it("keeps an Ingress path to a vanished Service visible, with a warning, and removes it with the path", () => {
    const index = loadExample();
    index.flush();
    for (const s of ["usermgr", "usermgr-nodeport", "usermgr-lb"]) index.remove("Service", "sandbox", "shop", s);
    const { upserted, removed } = index.flush();
    expect(removed).toEqual([]);
    expect(upserted.map((a) => a.name)).toEqual(["usermgr"]);
    expect(upserted[0].exposures).toHaveLength(1);
    expect(upserted[0].exposures[0].details.warning).toContain("does not exist");
    index.remove("Ingress", "sandbox", "shop", "shop-api");
    const after = index.flush();
    expect(after.removed.map((a) => a.key)).toEqual(["k8s:sandbox/shop/usermgr"]);
    expect(after.upserted.map((a) => a.name)).toEqual(["ordermgr"]);
  });

  it("keeps the same namespace/name in two clusters as two APIs", () => {
    const index = loadExample();
    loadExample(index, "east");
    const { upserted } = index.flush();
    expect(upserted.map((a) => a.key).sort()).toEqual([
      "k8s:east/shop/ordermgr",
      "k8s:east/shop/usermgr",
      "k8s:sandbox/shop/ordermgr",
      "k8s:sandbox/shop/usermgr",
    ]);
  });

  it("merges clusters into one API when annotated with signpost.dev/api", () => {
    const index = new CatalogIndex();
    for (const cluster of ["east", "west"]) {
      index.upsert({ kind: "Service", obj: exampleService("billing", "", { cluster, annotations: { "signpost.dev/api": "billing" } }) });
    }
    const { upserted } = index.flush();
    expect(upserted).toHaveLength(1);
    expect(upserted[0].key).toBe("api:billing");
    expect(upserted[0].cluster).toBeNull();
    expect(upserted[0].exposures.map((e) => e.source.cluster).sort()).toEqual(["east", "west"]);
  });

  it("names one API per port when a microservice exposes several", () => {
    const index = new CatalogIndex();
    const svc = exampleService("catalog", "");
    svc.ports = [
      { name: "http", port: 80, targetPort: 8080, protocol: "TCP" },
      { name: "grpc", port: 9090, targetPort: 9090, protocol: "TCP" },
    ];
    index.upsert({ kind: "Service", obj: svc });
    const { upserted } = index.flush();
    expect(upserted.map((a) => a.name).sort()).toEqual(["catalog-grpc", "catalog-http"]);
    expect(byName(upserted)["catalog-grpc"].proxyUrl).toBe("http://catalog.shop.svc.cluster.local:9090");
  });

  it("derives headless and ExternalName Services", () => {
    const index = new CatalogIndex();
    const headless = { ...exampleService("db", ""), clusterIP: "None" };
    index.upsert({ kind: "Service", obj: headless });
    index.upsert({ kind: "EndpointSlice", obj: { ...exampleSlice("db", "db"), endpoints: [{ addresses: ["10.1.1.1"], ready: true, hostname: "db-0", pod: "shop/db-0" }] } });
    index.upsert({
      kind: "Service",
      obj: { ...exampleService("legacy", ""), type: "ExternalName", clusterIP: undefined, externalName: "legacy.example.com", ports: [], selector: undefined },
    });
    const apis = byName(index.flush().upserted);
    expect(apis.db.proxyUrl).toBe("http://db.shop.svc.cluster.local:8080");
    expect(apis.db.exposures[0].details).toMatchObject({ headless: true, podAddresses: ["db-0.db.shop.svc.cluster.local"] });
    expect(apis.legacy.exposureMode).toBe("ExternalName");
    expect(apis.legacy.proxyUrl).toBe("legacy.example.com");
  });

  it("links a gateway route to its Service and makes it the proxy URL", () => {
    const index = loadExample();
    index.flush();
    index.setGatewaySource({ name: "edge", proxyUrl: "https://gw.example.com", dbless: false });
    const ks: GatewayServiceInfo = {
      gateway: "edge", id: "ks1", name: "shop.usermgr.80", protocol: "http", host: "usermgr.shop.80.svc", port: 80,
      enabled: true, backend: { namespace: "shop", name: "usermgr", uid: "uid-sandbox-usermgr", port: 80, via: "tags" },
    };
    const route: GatewayRouteInfo = {
      gateway: "edge", id: "r1", name: "shop.shop-api.usermgr.api.shop.example.80", serviceId: "ks1", protocols: ["http", "https"],
      hosts: [], paths: ["/users/", "~/users$"], methods: [], stripPath: false, managedBy: "ingress-controller",
      origin: { kind: "Ingress", namespace: "shop", name: "shop-api" },
    };
    index.upsert({ kind: "KongService", obj: ks });
    index.upsert({ kind: "KongRoute", obj: route });
    index.upsert({ kind: "KongPlugin", obj: { gateway: "edge", id: "p1", name: "rate-limiting", routeId: "r1", enabled: true } });
    const { upserted } = index.flush();
    expect(upserted.map((a) => a.name)).toEqual(["usermgr"]);
    expect(upserted[0].proxyUrl).toBe("https://gw.example.com/users");
    expect(upserted[0].exposureMode).toBe("Gateway");
    expect(upserted[0].gateways).toEqual(["edge"]);
    expect(upserted[0].exposures[0].details.plugins).toEqual(["rate-limiting"]);
    // A global plugin changes what every route of its gateway asks, and re-derives their APIs;
    // a service plugin of the same name is more specific and wins over it.
    index.upsert({ kind: "KongPlugin", obj: { gateway: "edge", id: "g1", name: "key-auth", enabled: true, config: { key_names: ["global-key"], key_in_header: true } } });
    const global = index.flush().upserted;
    expect(global.map((a) => a.name)).toEqual(["usermgr"]);
    expect(global[0].exposures[0].details.plugins).toEqual(["key-auth", "rate-limiting"]);
    expect((global[0].exposures[0].details.requirements as { authentication: { scope: string; keyNames: string[] }[] }).authentication).toEqual([
      expect.objectContaining({ scope: "global", keyNames: ["global-key"] }),
    ]);
    index.upsert({ kind: "KongPlugin", obj: { gateway: "edge", id: "s1", name: "key-auth", serviceId: "ks1", enabled: true, config: { key_names: ["svc-key"], key_in_header: true } } });
    const svcWins = index.flush().upserted[0].exposures[0].details.requirements as { authentication: { scope: string; keyNames: string[] }[] };
    expect(svcWins.authentication).toEqual([expect.objectContaining({ scope: "service", keyNames: ["svc-key"] })]);
    index.remove("KongPlugin", "edge", "", "s1");
    index.remove("KongPlugin", "edge", "", "g1");
    expect(index.flush().upserted[0].exposures[0].details.plugins).toEqual(["rate-limiting"]);
    // the route goes: the Ingress is the proxy again
    index.remove("KongRoute", "edge", "", "r1");
    expect(index.flush().upserted[0].proxyUrl).toBe("http://api.shop.example/users");
  });

  it("makes an unlinked gateway route an API of its own, and links it once its Service appears", () => {
    const index = new CatalogIndex();
    index.setGatewaySource({ name: "edge", proxyUrl: "http://gw.local:8000", dbless: false });
    index.upsert({
      kind: "KongService",
      obj: { gateway: "edge", id: "ks9", name: "payments", protocol: "http", host: "payments.pay.svc.cluster.local", port: 80, enabled: true, backend: { namespace: "pay", name: "payments", port: 80, via: "host" } },
    });
    index.upsert({
      kind: "KongRoute",
      obj: { gateway: "edge", id: "r9", name: "payments", serviceId: "ks9", protocols: ["http"], hosts: [], paths: ["/pay"], methods: ["POST"], stripPath: true, managedBy: "other" },
    });
    let r = index.flush();
    expect(r.upserted.map((a) => [a.key, a.proxyUrl])).toEqual([["kong:edge/r9", "http://gw.local:8000/pay"]]);
    const svc = { ...exampleService("payments", ""), namespace: "pay" };
    index.upsert({ kind: "Service", obj: svc });
    r = index.flush();
    expect(r.removed.map((a) => a.key)).toEqual(["kong:edge/r9"]);
    expect(r.upserted.map((a) => [a.key, a.proxyUrl])).toEqual([["k8s:sandbox/pay/payments", "http://gw.local:8000/pay"]]);
  });
  it("links a route by Service name only where one cluster has that Service, also after a cluster's last Service goes", () => {
    const index = new CatalogIndex();
    index.setGatewaySource({ name: "edge", proxyUrl: "http://gw.local:8000", dbless: false });
    const payments = (cluster: string) => ({ ...exampleService("payments", ""), namespace: "pay", cluster, uid: `uid-${cluster}-payments` });
    index.upsert({ kind: "Service", obj: payments("east") });
    index.upsert({ kind: "Service", obj: payments("west") });
    index.upsert({
      kind: "KongService",
      obj: { gateway: "edge", id: "ks9", name: "payments", protocol: "http", host: "payments.pay.svc", port: 80, enabled: true, backend: { namespace: "pay", name: "payments", port: 80, via: "host" } },
    });
    index.upsert({ kind: "KongRoute", obj: { gateway: "edge", id: "r9", name: "payments", serviceId: "ks9", protocols: ["http"], hosts: [], paths: ["/pay"], methods: [], stripPath: true, managedBy: "other" } });
    // Two clusters have pay/payments and the gateway names none: the route stays an API of its own.
    expect(index.flush().upserted.map((a) => a.key).sort()).toEqual(["k8s:east/pay/payments", "k8s:west/pay/payments", "kong:edge/r9"]);
    index.remove("Service", "west", "pay", "payments");
    const r = index.flush();
    expect(r.removed.map((a) => a.key).sort()).toEqual(["k8s:west/pay/payments", "kong:edge/r9"]);
    expect(r.upserted.map((a) => [a.key, a.proxyUrl])).toEqual([["k8s:east/pay/payments", "http://gw.local:8000/pay"]]);
  });
  it("derives in slices, and reports what vanished while no worker ran only once the last slice is done", () => {
    const index = new CatalogIndex();
    const names = ["a1", "a2", "a3", "a4", "a5"];
    for (const m of names) index.upsert({ kind: "Service", obj: exampleService(m, "") });
    const summary = (m: string) => ({ key: `k8s:sandbox/shop/${m}`, name: m, team: null, cluster: "sandbox", contentHash: "old", eventHash: "old" });
    index.expectPersisted([...names, "vanished"].map(summary));
    const slices = [];
    while (index.pending) slices.push(index.flush(2));
    expect(slices.length).toBeGreaterThan(2);
    expect(slices.slice(0, -1).flatMap((r) => r.removed)).toEqual([]);
    expect(slices.at(-1)!.removed.map((a) => a.key)).toEqual(["k8s:sandbox/shop/vanished"]);
    expect(slices.flatMap((r) => r.upserted.map((a) => a.name)).sort()).toEqual(names);
  });
});
