// KIC's Ingress translation, checked against KIC's own golden file
// (internal/dataplane/testdata/golden/ingress-v1-multiple-ports-for-one-service) and the
// naming, path and annotation rules of the reference (kong-admin-api.md §11.2-11.5).
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../kube/index";
import { pathsFromIngressPath } from "./paths-from-ingress-path";
import { translateIngresses } from "./translate-ingresses";

const UID = "c6ac927c-4f5a-4e88-8b5d-c7b01d0f43af";
const svcPath = (port: number, host: string) => ({ host, http: { paths: [{ pathType: "ImplementationSpecific", backend: { service: { name: "foo-svc", port: { number: port } } } }] } });
const golden = {
  ingresses: [{ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "foo", namespace: "foo-namespace", uid: UID },
    spec: { ingressClassName: "kong", rules: [svcPath(80, "example.com"), svcPath(8000, "example.net")] } }],
  services: [{ apiVersion: "v1", kind: "Service", metadata: { name: "foo-svc", namespace: "foo-namespace", uid: UID, annotations: { "kubernetes.io/ingress.class": "kong" } },
    spec: { ports: [{ port: 80 }, { port: 8000 }] } }],
  endpointSlices: [], ingressClasses: [],
};
const serviceTags = ["k8s-name:foo-svc", "k8s-namespace:foo-namespace", "k8s-kind:Service", `k8s-uid:${UID}`, "k8s-version:v1"];
const routeTags = ["k8s-name:foo", "k8s-namespace:foo-namespace", "k8s-kind:Ingress", `k8s-uid:${UID}`, "k8s-group:networking.k8s.io", "k8s-version:v1"];

describe("translateIngresses", () => {
  it("reproduces KIC's golden output (names, UUIDv5 ids, ports, tags)", () => {
    const out = translateIngresses(golden);
    const service = (port: number, id: string) => ({ id, name: `foo-namespace.foo-svc.${port}`, host: `foo-svc.foo-namespace.${port}.svc`, port, protocol: "http",
      path: "/", retries: 5, connect_timeout: 60000, read_timeout: 60000, write_timeout: 60000, tags: serviceTags });
    expect(out.services).toEqual([service(80, "fe1e2edc-5479-52fe-b0f4-b90d8d5f83ba"), service(8000, "8c1ded2c-3f68-5845-bc85-f4c4c318829a")]);
    const route = (host: string, port: number, id: string) => ({ id, name: `foo-namespace.foo.foo-svc.${host}.${port}`, service: `foo-namespace.foo-svc.${port}`,
      hosts: [host], paths: ["/"], strip_path: false, preserve_host: true, protocols: null, methods: null, regex_priority: 0,
      https_redirect_status_code: 426, request_buffering: true, response_buffering: true, path_handling: "v0", tags: routeTags });
    expect(out.routes).toEqual([route("example.com", 80, "3eee2c18-8fcc-5661-8f84-5c89adfa404f"), route("example.net", 8000, "2bd1c902-4d3c-50ed-9a78-f698cfa0cf37")]);
    expect(out.upstreams).toEqual([80, 8000].map((p) => ({ name: `foo-svc.foo-namespace.${p}.svc`, algorithm: "round-robin", tags: serviceTags, targets: [] })));
    expect(out.failures).toEqual([]);
  });

  it("names empty and wildcard hosts as KIC does, and merges paths of one (host, Service, port) into one route", () => {
    const ing = structuredClone(golden.ingresses[0]) as KubeObject;
    ing.spec.rules = [svcPath(80, ""), svcPath(80, "*.example.com"), { host: "*.example.com", http: { paths: [{ path: "/a", pathType: "Exact", backend: { service: { name: "foo-svc", port: { number: 80 } } } }] } }];
    const routes = translateIngresses({ ...golden, ingresses: [ing] }).routes;
    expect(routes.map((r) => [r.name, r.hosts, r.paths])).toEqual([
      ["foo-namespace.foo.foo-svc..80", null, ["/"]],
      ["foo-namespace.foo.foo-svc._.example.com.80", ["*.example.com"], ["/", "~/a$"]],
    ]);
  });

  it("applies strip-path, methods, protocols and user tags; ignores plugins and invalid values", () => {
    const ing = structuredClone(golden.ingresses[0]) as KubeObject;
    ing.metadata.annotations = { "konghq.com/strip-path": "TRUE", "konghq.com/methods": "get, post", "konghq.com/protocols": "https", "konghq.com/tags": "team-a, b", "konghq.com/plugins": "rate-limit" };
    const [r] = translateIngresses({ ...golden, ingresses: [ing] }).routes;
    expect([r.strip_path, r.methods, r.protocols, r.tags.slice(-2)]).toEqual([true, ["GET", "POST"], ["https"], ["team-a", "b"]]);
    ing.metadata.annotations = { "konghq.com/methods": "GET,g3t", "konghq.com/protocols": "https,gopher" };
    const [r2] = translateIngresses({ ...golden, ingresses: [ing] }).routes;
    expect([r2.methods, r2.protocols]).toEqual([null, null]);
    ing.metadata.annotations = { "konghq.com/protocols": "grpc,grpcs", "konghq.com/strip-path": "true" };
    expect(translateIngresses({ ...golden, ingresses: [ing] }).routes[0]).toMatchObject({ protocols: ["grpc", "grpcs"], strip_path: false });
  });

  it("serves its class only: spec.ingressClassName, the legacy annotation, or class-less ones when its class is the default", () => {
    const mk = (name: string, cls?: string, annotation?: string): KubeObject => ({ ...structuredClone(golden.ingresses[0]), metadata: { name, namespace: "foo-namespace", uid: UID,
      annotations: annotation ? { "kubernetes.io/ingress.class": annotation } : {} }, spec: { ingressClassName: cls, rules: [svcPath(80, name)] } });
    const ingresses = [mk("a", "kong"), mk("b", "nginx"), mk("c", undefined, "kong"), mk("d", undefined, "nginx"), mk("e")];
    const names = (classes: KubeObject[]) => translateIngresses({ ...golden, ingresses, ingressClasses: classes }).routes.map((r) => r.hosts![0]);
    expect(names([])).toEqual(["a", "c"]);
    const kongDefault = { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "kong", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } }, spec: { controller: "ingress-controllers.konghq.com/kong" } };
    expect(names([kongDefault])).toEqual(["a", "c", "e"]);
  });

  it("resolves targets from ready endpoints at the slice port named like the Service port, and skips a missing Service", () => {
    const svc = { ...structuredClone(golden.services[0]), spec: { ports: [{ name: "http", port: 80, targetPort: 8080 }] } } as KubeObject;
    const slice = (ready: boolean | undefined, ip: string, portName = "http"): KubeObject => ({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
      metadata: { name: `s-${ip}`, namespace: "foo-namespace", labels: { "kubernetes.io/service-name": "foo-svc" } }, addressType: "IPv4",
      ports: [{ name: portName, port: 8080, protocol: "TCP" }], endpoints: [{ addresses: [ip], conditions: ready === undefined ? {} : { ready } }] });
    const ing = structuredClone(golden.ingresses[0]) as KubeObject;
    ing.spec.rules = [svcPath(80, "a"), { host: "b", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "gone", port: { number: 80 } } } }] } }];
    const out = translateIngresses({ ...golden, ingresses: [ing], services: [svc], endpointSlices: [slice(true, "10.0.0.1"), slice(undefined, "10.0.0.2"), slice(false, "10.0.0.3"), slice(true, "10.0.0.4", "metrics")] });
    expect(out.upstreams[0].targets).toEqual([{ target: "10.0.0.1:8080", weight: 100 }, { target: "10.0.0.2:8080", weight: 100 }]);
    expect([out.routes.length, out.failures]).toEqual([1, ["Ingress foo-namespace/foo: Service foo-namespace/gone not found"]]);
  });
});

describe("pathsFromIngressPath", () => {
  it.each([
    ["/foo", "Prefix", ["/foo/", "~/foo$"]], ["/foo/", "Prefix", ["/foo/", "~/foo$"]], ["/", "Prefix", ["/"]],
    ["/foo", "Exact", ["~/foo$"]], ["/foo", "ImplementationSpecific", ["/foo"]], ["", "ImplementationSpecific", ["/"]],
    ["/~/v[0-9]+/x$", "ImplementationSpecific", ["~/v[0-9]+/x$"]], ["/foo", "Bogus", []],
  ])("%s %s → %j", (path, type, want) => {
    expect(pathsFromIngressPath(path, type)).toEqual(want);
  });
});
