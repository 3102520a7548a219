import { describe, expect, it } from "vitest";
import type { TApi } from "@/lib/api/schemas/api";
import { buildChains, serviceOfUpstream } from "./build-chains";

const base: Omit<TApi, "exposures"> = {
  id: "00000000-0000-4000-8000-000000000001", key: "k8s:c/shop/usermgr", name: "usermgr", microservice: "usermgr", team: "identity", owner: null, description: null, links: [],
  cluster: "c", namespace: "shop", exposureMode: "Gateway", proxyUrl: "http://api.shop.example/users", modes: [], gateways: ["kong"],
  managedBy: "kubernetes", readyPods: 2, totalPods: 3, labels: {}, annotations: {}, registeredBy: null, registeredAt: null,
  createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", goneAt: null,
};
type E = TApi["exposures"][number];
const svc = (mode: E["mode"], name: string, url: string | null, details = {}): E => ({ mode, url, status: url ? "ready" : "pending", source: { kind: "Service", cluster: "c", namespace: "shop", name }, details });
const steps = (api: TApi) => buildChains(api).map((c) => c.steps.map((s) => `${s.kind}:${s.name}`));

describe("buildChains", () => {
  it("links gateway route -> Ingress -> Service -> pods, and gives other Services a chain of their own", () => {
    const api: TApi = {
      ...base,
      exposures: [
        { mode: "Gateway", url: "http://api.shop.example/users", status: "ready", source: { kind: "KongRoute", cluster: "kong", namespace: null, name: "r1" }, details: { gateway: "kong", plugins: ["key-auth"], origin: { kind: "Ingress", namespace: "shop", name: "shop-api" } } },
        { mode: "Ingress", url: "http://api.shop.example/users", status: "ready", source: { kind: "Ingress", cluster: "c", namespace: "shop", name: "shop-api" }, details: { backend: { service: "usermgr", port: 80 } } },
        svc("LoadBalancer", "usermgr-lb", null, { reason: "load balancer address pending" }),
        svc("ClusterIP", "usermgr", "http://usermgr.shop.svc.cluster.local:80"),
      ],
    };
    expect(steps(api)).toEqual([
      ["route:r1", "ingress:shop-api", "service:usermgr", "pods:2/3 ready"],
      ["service:usermgr-lb", "pods:2/3 ready"],
    ]);
    const [route] = buildChains(api)[0].steps;
    expect(route.detail).toContain("plugins: key-auth");
    expect(buildChains(api)[1].steps[0]).toMatchObject({ title: "Service (LoadBalancer)", pending: true, detail: "pending: load balancer address pending" });
  });

  it("follows a registered route to the Service its upstream names, or shows the upstream URL", () => {
    const route = (upstream: string): TApi => ({
      ...base, totalPods: null, readyPods: null,
      exposures: [{ mode: "Gateway", url: "http://gw/x", status: "ready", source: { kind: "KongRoute", cluster: "kong", namespace: null, name: "x" }, details: { upstream } }],
    });
    expect(steps(route("http://orders.shop.svc.cluster.local:8080"))).toEqual([["route:x", "service:orders"]]);
    expect(steps(route("http://orders.internal:8080"))).toEqual([["route:x", "upstream:http://orders.internal:8080"]]);
  });

  it("reads KIC and plain Service hosts from upstream URLs", () => {
    expect(serviceOfUpstream("http://usermgr.shop.80.svc:80/")).toEqual({ name: "usermgr", namespace: "shop", port: 80 });
    expect(serviceOfUpstream("https://a.b.svc.cluster.local")).toEqual({ name: "a", namespace: "b", port: 443 });
    expect(serviceOfUpstream("http://example.com")).toBeNull();
  });
});
