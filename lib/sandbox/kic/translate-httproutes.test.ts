// KIC's HTTPRoute translation, checked against KIC's own golden file
// (internal/dataplane/testdata/golden/httproute-example: services combined per HTTPRoute by
// backendRefs, routes per match group, UUIDv5 ids, tags) and the attachment rule (only routes on
// Gateways of a GatewayClass KIC manages).
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../kube/index";
import { KIC_GATEWAY_CONTROLLER, pathsFromHttpRouteMatch, translateHttpRoutes } from "./translate-httproutes";

const svc = (name: string, port: number): KubeObject => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default", labels: { app: name } }, spec: { ports: [{ port, protocol: "TCP", targetPort: 80 }], selector: { app: name }, type: "ClusterIP" } });
const prefix = (value: string) => ({ path: { type: "PathPrefix", value } });
const route: KubeObject = {
  apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute",
  metadata: { name: "httproute-testing", namespace: "default", annotations: { "konghq.com/strip-path": "true" } },
  spec: {
    parentRefs: [{ name: "kong" }],
    rules: [
      { name: "httproute-testing", matches: [prefix("/httproute-testing")], backendRefs: [{ name: "httpbin", kind: "Service", port: 80, weight: 75 }, { name: "nginx", kind: "Service", port: 8080, weight: 25 }] },
      { name: "echo", matches: [prefix("/echo")], backendRefs: [{ name: "httpbin", kind: "Service", port: 80 }] },
      { name: "content", matches: [prefix("/content")], backendRefs: [{ name: "httpbin", kind: "Service", port: 80 }] },
      { matches: [prefix("/nginx")], backendRefs: [{ name: "nginx", kind: "Service", port: 8080 }] },
    ],
  },
};
const gatewayClass: KubeObject = { apiVersion: "gateway.networking.k8s.io/v1", kind: "GatewayClass", metadata: { name: "kong" }, spec: { controllerName: KIC_GATEWAY_CONTROLLER } };
const gateway: KubeObject = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "kong", namespace: "default" }, spec: { gatewayClassName: "kong", listeners: [] } };
const input = { httpRoutes: [route], gateways: [gateway], gatewayClasses: [gatewayClass], services: [svc("httpbin", 80), svc("nginx", 8080)], endpointSlices: [] };

const svcTags = (name: string) => [`k8s-name:${name}`, "k8s-namespace:default", "k8s-kind:Service", "k8s-version:v1"];
const routeTags = ["k8s-name:httproute-testing", "k8s-namespace:default", "k8s-kind:HTTPRoute", "k8s-group:gateway.networking.k8s.io", "k8s-version:v1"];

describe("translateHttpRoutes", () => {
  it("reproduces KIC's golden httproute-example (names, UUIDv5 ids, ports, paths, tags, strip-path annotation)", () => {
    const out = translateHttpRoutes(input);
    expect(out.services.map((s) => [s.id, s.name, s.host, s.port, s.path, s.tags])).toEqual([
      ["4e3cb785-a8d0-5866-aa05-117f7c64f24d", "httproute.default.httproute-testing.0", "httproute.default.httproute-testing.0", 8080, null, routeTags],
      ["672dc964-a7f8-5a80-a518-96fc39500cc8", "httproute.default.httproute-testing.1", "httproute.default.httproute-testing.1", 80, null, svcTags("httpbin")],
      ["efb4a7d7-791f-504e-b005-0bd38bf1435e", "httproute.default.httproute-testing.3", "httproute.default.httproute-testing.3", 8080, null, svcTags("nginx")],
    ]);
    expect(out.routes.map((r) => [r.id, r.name, r.service, r.paths, r.strip_path, r.preserve_host, r.protocols, r.tags])).toEqual([
      ["073fc413-1c03-50b4-8f44-43367c13daba", "httproute.default.httproute-testing.0.0", "httproute.default.httproute-testing.0", ["~/httproute-testing$", "/httproute-testing/"], true, true, null,
        [...routeTags, "k8s-named-route-rule:httproute-testing"]],
      ["4deff45c-4095-55d2-80ab-aea40c0ac7bd", "httproute.default.httproute-testing.1.0", "httproute.default.httproute-testing.1", ["~/echo$", "/echo/", "~/content$", "/content/"], true, true, null,
        [...routeTags, "k8s-named-route-rule:echo", "k8s-named-route-rule:content"]],
      ["80ab997f-3534-58af-a969-300888c6058a", "httproute.default.httproute-testing.3.0", "httproute.default.httproute-testing.3", ["~/nginx$", "/nginx/"], true, true, null, routeTags],
    ]);
    expect(out.upstreams.map((u) => [u.name, u.tags])).toEqual([
      ["httproute.default.httproute-testing.0", routeTags], ["httproute.default.httproute-testing.1", svcTags("httpbin")], ["httproute.default.httproute-testing.3", svcTags("nginx")],
    ]);
    expect(out.failures).toEqual([]);
  });

  it("serves only HTTPRoutes attached to a Gateway of a GatewayClass KIC manages", () => {
    const other = { ...gatewayClass, spec: { controllerName: "example.com/other" } };
    expect(translateHttpRoutes({ ...input, gatewayClasses: [other] }).routes).toEqual([]);
    expect(translateHttpRoutes({ ...input, gateways: [] }).routes).toEqual([]);
    const elsewhere = { ...route, spec: { ...route.spec, parentRefs: [{ name: "kong", namespace: "infra" }] } };
    expect(translateHttpRoutes({ ...input, httpRoutes: [elsewhere] }).routes).toEqual([]);
    // A cluster that serves no GatewayClass (the sandbox): Gateways of the controller's class name.
    expect(translateHttpRoutes({ ...input, gatewayClasses: null }).routes).toHaveLength(3);
    expect(translateHttpRoutes({ ...input, gatewayClasses: null, className: "internal" }).routes).toEqual([]);
    const moved = { ...gateway, metadata: { name: "kong", namespace: "infra" } };
    expect(translateHttpRoutes({ ...input, httpRoutes: [elsewhere], gateways: [moved] }).routes).toHaveLength(3);
  });

  it("splits matches by method into routes, takes hostnames and listener protocols, and targets ready endpoints", () => {
    const hr: KubeObject = {
      ...route, metadata: { name: "users", namespace: "default", uid: "u-1" },
      spec: {
        parentRefs: [{ name: "kong", sectionName: "web" }], hostnames: ["api.example.com"],
        rules: [{ matches: [{ ...prefix("/users"), method: "GET" }, { ...prefix("/users"), method: "POST" }, { path: { type: "RegularExpression", value: "/u/\\d+" }, method: "GET" }], backendRefs: [{ name: "nginx", port: 8080 }] }],
      },
    };
    const gw = { ...gateway, spec: { gatewayClassName: "kong", listeners: [{ name: "web", protocol: "HTTP", port: 80 }, { name: "tls", protocol: "HTTPS", port: 443 }] } };
    const slice: KubeObject = {
      apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "nginx-1", namespace: "default", labels: { "kubernetes.io/service-name": "nginx" } },
      ports: [{ name: "", port: 80, protocol: "TCP" }], endpoints: [{ addresses: ["10.0.0.1"], conditions: { ready: true } }, { addresses: ["10.0.0.2"], conditions: { ready: false } }],
    };
    const out = translateHttpRoutes({ ...input, httpRoutes: [hr], gateways: [gw], endpointSlices: [slice] });
    expect(out.routes.map((r) => [r.name, r.methods, r.paths, r.hosts, r.protocols, r.strip_path])).toEqual([
      ["httproute.default.users.0.0", ["GET"], ["~/users$", "/users/", "~/u/\\d+"], ["api.example.com"], ["http"], false],
      ["httproute.default.users.0.1", ["POST"], ["~/users$", "/users/"], ["api.example.com"], ["http"], false],
    ]);
    expect(out.upstreams[0].targets).toEqual([{ target: "10.0.0.1:80", weight: 100 }]);
  });

  it("maps path match types as generateKongRoutePathFromHTTPRouteMatch does", () => {
    expect(pathsFromHttpRouteMatch({ path: { type: "Exact", value: "/a" } })).toEqual(["~/a$"]);
    expect(pathsFromHttpRouteMatch({ path: { type: "PathPrefix", value: "/a/" } })).toEqual(["~/a/$", "/a/"]);
    expect(pathsFromHttpRouteMatch({ path: { type: "RegularExpression", value: "/a/[0-9]+" } })).toEqual(["~/a/[0-9]+"]);
  });
});
