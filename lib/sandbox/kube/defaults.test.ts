import { beforeEach, describe, expect, it } from "vitest";
import { createRegistry } from "./resources";
import { KubeApiError } from "./status-errors";
import { ClusterStore } from "./store";
import type { KubeObject } from "./types";

let store: ClusterStore;
beforeEach(() => {
  store = new ClusterStore({ registry: createRegistry({ gatewayApi: true }) });
  store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
});

const service = (name: string, spec: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject =>
  ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "shop" }, spec, ...extra });
const ports = [{ port: 80 }];

function apiError(fn: () => unknown): KubeApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KubeApiError) return err;
    throw err;
  }
  throw new Error("expected a KubeApiError");
}

describe("Service defaults per type (reference §3.1)", () => {
  it("ClusterIP", () => {
    const s = store.create(service("a", { ports, selector: { app: "a" } }));
    expect(s.spec).toEqual({
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }], selector: { app: "a" }, type: "ClusterIP", sessionAffinity: "None",
      internalTrafficPolicy: "Cluster", clusterIP: "10.96.1.1", clusterIPs: ["10.96.1.1"], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack",
    });
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it("headless", () => {
    const s = store.create(service("h", { clusterIP: "None", ports }));
    expect(s.spec.clusterIP).toBe("None");
    expect(s.spec.clusterIPs).toEqual(["None"]);
    expect(s.spec.ipFamilies).toEqual(["IPv4"]);
  });

  it("NodePort and LoadBalancer allocate node ports; only LoadBalancer gets allocateLoadBalancerNodePorts", () => {
    const np = store.create(service("np", { type: "NodePort", ports: [{ port: 80, targetPort: "http" }] }));
    expect(np.spec.ports).toEqual([{ port: 80, targetPort: "http", protocol: "TCP", nodePort: 30086 }]);
    expect(np.spec.externalTrafficPolicy).toBe("Cluster");
    expect(np.spec.allocateLoadBalancerNodePorts).toBeUndefined();
    const lb = store.create(service("lb", { type: "LoadBalancer", ports }));
    expect(lb.spec).toMatchObject({ allocateLoadBalancerNodePorts: true, externalTrafficPolicy: "Cluster", internalTrafficPolicy: "Cluster" });
    expect(lb.spec.ports[0].nodePort).toBe(30087);
    expect(lb.status).toEqual({ loadBalancer: {} });
    const noPorts = store.create(service("lb2", { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports }));
    expect(noPorts.spec.ports[0].nodePort).toBeUndefined();
    const local = store.create(service("lb3", { type: "LoadBalancer", externalTrafficPolicy: "Local", ports }));
    expect(local.spec.healthCheckNodePort).toBe(30089);
  });

  it("ExternalName gets no cluster IP and refuses one", () => {
    const s = store.create(service("ext", { type: "ExternalName", externalName: "db.example.com" }));
    expect(s.spec).toEqual({ type: "ExternalName", externalName: "db.example.com", sessionAffinity: "None" });
    const err = apiError(() => store.create(service("ext2", { type: "ExternalName", externalName: "x", clusterIP: "10.96.5.5" })));
    expect(err.message).toBe('Service "ext2" is invalid: spec.clusterIPs: Forbidden: may not be set for ExternalName services');
  });

  it("never hands out a live cluster IP, and rejects taken or foreign ones", () => {
    const a = store.create(service("a", { ports }));
    store.delete({ apiVersion: "v1", kind: "Service", namespace: "shop", name: "a" });
    const b = store.create(service("b", { ports }));
    expect(b.spec.clusterIP).not.toBe(a.spec.clusterIP);
    expect(apiError(() => store.create(service("c", { clusterIP: b.spec.clusterIP, ports }))).message)
      .toBe(`Service "c" is invalid: spec.clusterIPs: Invalid value: ["${b.spec.clusterIP}"]: failed to allocate IP ${b.spec.clusterIP}: provided IP is already allocated`);
    expect(apiError(() => store.create(service("d", { clusterIP: "192.168.0.1", ports }))).message)
      .toBe('Service "d" is invalid: spec.clusterIPs: Invalid value: ["192.168.0.1"]: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  });

  it("answers node port errors with the exact 422", () => {
    const err = apiError(() => store.create(service("bad", { type: "NodePort", ports: [{ port: 80, nodePort: 12306 }] })));
    expect(err.status).toEqual({
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
      message: 'Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 12306: provided port is not in the valid range. The range of valid ports is 30000-32767',
      reason: "Invalid",
      details: { name: "bad", kind: "Service", causes: [{ reason: "FieldValueInvalid", message: "Invalid value: 12306: provided port is not in the valid range. The range of valid ports is 30000-32767", field: "spec.ports[0].nodePort" }] },
      code: 422,
    });
    store.create(service("np", { type: "NodePort", ports: [{ port: 80, nodePort: 30500 }] }));
    expect(apiError(() => store.create(service("np2", { type: "NodePort", ports: [{ port: 80, nodePort: 30500 }] }))).message)
      .toBe('Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30500: provided port is already allocated');
    expect(apiError(() => store.create(service("cip", { ports: [{ port: 80, nodePort: 30501 }] }))).message)
      .toBe("Service \"cip\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  });

  it("validates ports", () => {
    expect(apiError(() => store.create(service("p", {}))).message).toBe('Service "p" is invalid: spec.ports: Required value');
    expect(apiError(() => store.create(service("p", { ports: [{ port: 80 }, { port: 0, name: "b" }] }))).message)
      .toBe('Service "p" is invalid: [spec.ports[0].name: Required value, spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive, ' +
        "spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]");
    expect(apiError(() => store.create(service("p", { type: "Foo", ports }))).message)
      .toBe('Service "p" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
  });

  it("keeps allocated values on update and refuses to change the cluster IP", () => {
    const s = store.create(service("u", { type: "NodePort", ports: [{ port: 80, name: "http" }] }));
    const put = store.update(service("u", { type: "NodePort", ports: [{ port: 81, name: "http" }] }));
    expect(put.spec.clusterIP).toBe(s.spec.clusterIP);
    expect(put.spec.ports[0].nodePort).toBe(s.spec.ports[0].nodePort);
    expect(apiError(() => store.update(service("u", { clusterIP: "10.96.9.9", type: "NodePort", ports }))).message)
      .toBe('Service "u" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.9.9"]: may not change once set');
    const toClusterIP = store.update({ ...put, spec: { ...put.spec, type: "ClusterIP" } });
    expect(toClusterIP.spec.ports[0].nodePort).toBeUndefined();
    expect(toClusterIP.spec.externalTrafficPolicy).toBeUndefined();
  });

  it("writes status only through /status and spec never through it", () => {
    const s = store.create(service("st", { ports }, { status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } } }));
    expect(s.status).toEqual({ loadBalancer: {} });
    const withStatus = store.updateStatus({ ...s, spec: { ...s.spec, type: "NodePort" }, status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } } });
    expect(withStatus.spec.type).toBe("ClusterIP");
    expect(withStatus.status.loadBalancer.ingress).toEqual([{ ip: "1.2.3.4" }]);
    const main = store.update({ ...withStatus, status: { loadBalancer: {} } });
    expect(main.status.loadBalancer.ingress).toEqual([{ ip: "1.2.3.4" }]);
    expect(main.metadata.resourceVersion).toBe(withStatus.metadata.resourceVersion); // a no-op write
  });
});

describe("metadata defaults (reference §3.5)", () => {
  it("sets uid, resourceVersion from one counter, second-precision timestamps", () => {
    const rv = Number(store.currentResourceVersion());
    const s = store.create(service("m", { ports }));
    const i = store.create({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "i", namespace: "shop" }, spec: { defaultBackend: { service: { name: "m", port: { number: 80 } } } } });
    expect(s.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect([s.metadata.resourceVersion, i.metadata.resourceVersion]).toEqual([String(rv + 1), String(rv + 2)]);
    expect(s.metadata.generation).toBeUndefined(); // Services carry no generation on real clusters
    expect(i.metadata.generation).toBe(1);
    const relabelled = store.update({ ...i, metadata: { ...i.metadata, labels: { a: "b" } } });
    expect(relabelled.metadata.generation).toBe(1);
    const respec = store.update({ ...relabelled, spec: { ...relabelled.spec, ingressClassName: "kong" } });
    expect(respec.metadata.generation).toBe(2);
  });

  it("names from generateName, 409 on duplicates and stale updates", () => {
    const g = store.create(service("", { ports }, { metadata: { generateName: "web-", namespace: "shop" } }));
    expect(g.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(apiError(() => store.create(service(g.metadata.name!, { ports }))).status).toMatchObject({
      reason: "AlreadyExists", code: 409, message: `services "${g.metadata.name}" already exists`, details: { name: g.metadata.name, kind: "services" },
    });
    store.update({ ...g, metadata: { ...g.metadata, labels: { v: "2" } } });
    expect(apiError(() => store.update({ ...g, metadata: { ...g.metadata, labels: { v: "3" } } })).message)
      .toBe(`Operation cannot be fulfilled on services "${g.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
  });

  it("refuses objects in missing namespaces and nameless objects", () => {
    expect(apiError(() => store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "x", namespace: "nope" }, spec: { ports } })).status)
      .toMatchObject({ code: 404, reason: "NotFound", message: 'namespaces "nope" not found', details: { name: "nope", kind: "namespaces" } });
    expect(apiError(() => store.create(service("", { ports }))).message)
      .toBe('Service "" is invalid: metadata.name: Required value: name or generateName is required');
  });
});

describe("other kinds", () => {
  it("HTTPRoute gets the CRD defaults (reference §3.4)", () => {
    const r = store.create({
      apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "web", namespace: "shop" },
      spec: { parentRefs: [{ name: "public", namespace: "infra" }], hostnames: ["web.example.com"], rules: [{ backendRefs: [{ name: "web", port: 8080 }] }] },
    });
    expect(r.spec).toEqual({
      parentRefs: [{ name: "public", namespace: "infra", group: "gateway.networking.k8s.io", kind: "Gateway" }],
      hostnames: ["web.example.com"],
      rules: [{ backendRefs: [{ name: "web", port: 8080, group: "", kind: "Service", weight: 1 }], matches: [{ path: { type: "PathPrefix", value: "/" } }] }],
    });
    expect(r.metadata.generation).toBe(1);
    const bare = store.create({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "bare", namespace: "shop" }, spec: {} });
    expect(bare.spec.rules).toEqual([{ matches: [{ path: { type: "PathPrefix", value: "/" } }] }]);
  });

  it("Gateway starts with the pending status of the CRD default", () => {
    const g = store.create({
      apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "gw", namespace: "shop" },
      spec: { gatewayClassName: "kong", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
    });
    expect(g.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: "Same" } });
    expect(g.status.conditions.map((c: { type: string; reason: string }) => `${c.type}/${c.reason}`)).toEqual(["Accepted/Pending", "Programmed/Pending"]);
  });

  it("Ingress validation", () => {
    const ing = (paths: unknown[]) => ({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "i", namespace: "shop" }, spec: { rules: [{ http: { paths } }] } });
    expect(apiError(() => store.create(ing([{ path: "/", backend: { service: { name: "a", port: { number: 80 } } } }]))).message)
      .toBe('Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
    expect(apiError(() => store.create(ing([{ path: "x", pathType: "Prefix", backend: { service: { name: "a", port: {} } } }]))).status.details)
      .toEqual({
        name: "i", group: "networking.k8s.io", kind: "Ingress", causes: [
          { reason: "FieldValueInvalid", message: 'Invalid value: "x": must be an absolute path', field: "spec.rules[0].http.paths[0].path" },
          { reason: "FieldValueRequired", message: "Required value: port name or number is required", field: "spec.rules[0].http.paths[0].backend.service.port" },
        ],
      });
  });

  it("Namespace defaults and cascading delete", () => {
    const ns = store.get({ apiVersion: "v1", kind: "Namespace", name: "shop" })!;
    expect(ns.spec).toEqual({ finalizers: ["kubernetes"] });
    expect(ns.status).toEqual({ phase: "Active" });
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "shop" });
    store.create(service("a", { ports }));
    store.delete({ apiVersion: "v1", kind: "Namespace", name: "shop" });
    expect(store.list({ apiVersion: "v1", kind: "Service" }).items).toEqual([]);
  });
});
