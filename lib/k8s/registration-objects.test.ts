import { describe, expect, it } from "vitest";
import { registrationObjects, type ClusterRegistration } from "./registration-objects";

const base: ClusterRegistration = {
  name: "orders-v2", namespace: "shop", service: { name: "ordermgr", port: 80 }, paths: ["/v2/orders", "~/v2/items/\\d+$"], hosts: ["api.shop.example"],
  methods: ["GET", "POST"], stripPath: false, team: "commerce", microservice: "ordermgr", plugins: [], via: "ingress", ingressClass: "kong",
};

describe("registrationObjects", () => {
  it("writes an Ingress of the controller's class with KIC's annotations and Signpost's labels; regex paths as /~", () => {
    const [ing] = registrationObjects(base);
    expect(ing.ref).toEqual({ group: "networking.k8s.io", version: "v1", resource: "ingresses", namespace: "shop", name: "orders-v2" });
    expect(ing.object).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name: "orders-v2", namespace: "shop",
        labels: { "app.kubernetes.io/managed-by": "signpost", "signpost.dev/registration": "orders-v2", "signpost.dev/team": "commerce", "signpost.dev/microservice": "ordermgr" },
        annotations: { "konghq.com/strip-path": "false", "konghq.com/methods": "GET,POST" },
      },
      spec: {
        ingressClassName: "kong",
        rules: [{
          host: "api.shop.example",
          http: { paths: [
            { path: "/v2/orders", pathType: "Prefix", backend: { service: { name: "ordermgr", port: { number: 80 } } } },
            { path: "/~/v2/items/\\d+$", pathType: "ImplementationSpecific", backend: { service: { name: "ordermgr", port: { number: 80 } } } },
          ] },
        }],
      },
    });
  });

  it("writes an HTTPRoute on the configured parent: one match per path and method, regex as RegularExpression", () => {
    const [route] = registrationObjects({ ...base, via: "httproute", parentRef: { namespace: "kong", name: "kong" } });
    expect(route.object.kind).toBe("HTTPRoute");
    expect(route.object.metadata.annotations).toEqual({ "konghq.com/strip-path": "false" });
    expect(route.object.spec).toEqual({
      parentRefs: [{ namespace: "kong", name: "kong" }],
      hostnames: ["api.shop.example"],
      rules: [{
        matches: [
          { path: { type: "PathPrefix", value: "/v2/orders" }, method: "GET" },
          { path: { type: "PathPrefix", value: "/v2/orders" }, method: "POST" },
          { path: { type: "RegularExpression", value: "/v2/items/\\d+$" }, method: "GET" },
          { path: { type: "RegularExpression", value: "/v2/items/\\d+$" }, method: "POST" },
        ],
        backendRefs: [{ name: "ordermgr", port: 80 }],
      }],
    });
  });

  it("puts KongPlugins first, referenced from the route object; no host means one rule for any host", () => {
    const objs = registrationObjects({ ...base, hosts: [], plugins: [{ name: "rate-limiting", config: { minute: 5 } }] });
    expect(objs.map((o) => o.object.kind)).toEqual(["KongPlugin", "Ingress"]);
    expect(objs[0].object).toMatchObject({ apiVersion: "configuration.konghq.com/v1", metadata: { name: "orders-v2-rate-limiting" }, plugin: "rate-limiting", config: { minute: 5 } });
    expect(objs[1].object.metadata.annotations!["konghq.com/plugins"]).toBe("orders-v2-rate-limiting");
    expect((objs[1].object.spec as { rules: object[] }).rules).toEqual([{ http: expect.any(Object) }]);
  });
});
