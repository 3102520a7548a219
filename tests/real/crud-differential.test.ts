// The sandbox cluster held to the real API server: the same create, get, list, update, patch and
// delete requests to both, answers compared after normalising uids, timestamps, resourceVersions,
// allocated IPs and ports (helpers/differential.ts). Status bodies for 404, 409 and 422 included.
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { both, namespaceOnBoth, normalize, shape, startPair, type Pair } from "./helpers/differential";
import { kubeHttp } from "./helpers/kube-http";

let p: Pair;
const NS = "crud";
const svcPath = `/api/v1/namespaces/${NS}/services`;
const ingPath = `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`;
const epsPath = `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`;
const endpointSlice = (name: string, addressType: string, addresses: string[]) => ({
  apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name, labels: { "kubernetes.io/service-name": "c-cluster" } },
  addressType, endpoints: [{ addresses, conditions: { ready: true } }], ports: [{ name: "http", port: 8080, protocol: "TCP" }],
});
const service = (name: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1", kind: "Service", metadata: { name, labels }, spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...spec },
});

beforeAll(async () => {
  p = await startPair();
  await namespaceOnBoth(p, NS);
});
afterAll(async () => {
  await p?.stop();
});

describe("create and get", () => {
  it("creates Services of every type with the same defaults (201)", async () => {
    for (const [name, spec] of [["c-cluster", {}], ["c-nodeport", { type: "NodePort" }], ["c-lb", { type: "LoadBalancer" }],
      ["c-external", { type: "ExternalName", externalName: "db.example.com", selector: undefined, ports: undefined }],
      ["c-headless", { clusterIP: "None" }]] as const) {
      const [s, r] = await both(p, "POST", svcPath, { body: service(name, { app: "c", tier: name }, spec) });
      expect(shape(s), name).toEqual(shape(r));
    }
  });

  it("creates an Ingress, an EndpointSlice and an HTTPRoute with the same defaults", async () => {
    const ing = { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "c-ing" }, spec: { rules: [{ host: "a.example", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "c-cluster", port: { number: 80 } } } }] } }] } };
    const eps = { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "c-cluster-1", labels: { "kubernetes.io/service-name": "c-cluster" } }, addressType: "IPv4", endpoints: [{ addresses: ["10.244.1.5"], conditions: { ready: true } }], ports: [{ name: "http", port: 8080, protocol: "TCP" }] };
    const route = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "c-route" }, spec: { parentRefs: [{ name: "gw" }], hostnames: ["r.example"], rules: [{ backendRefs: [{ name: "c-cluster", port: 80 }] }] } };
    for (const [path, body] of [[ingPath, ing], [`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, eps], [`/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes`, route]] as const) {
      const [s, r] = await both(p, "POST", path, { body });
      expect(shape(s), path).toEqual(shape(r));
    }
  });

  it("gets an object, and 404 / 409 AlreadyExists / 422 Invalid Status bodies match", async () => {
    for (const [method, path, body] of [
      ["GET", `${svcPath}/c-nodeport`, undefined],
      ["GET", `${svcPath}/missing`, undefined],
      ["GET", `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses/missing`, undefined],
      ["GET", "/api/v1/namespaces/nowhere", undefined],
      ["POST", svcPath, service("c-cluster")],
      ["POST", svcPath, service("Bad_Name")],
      ["POST", svcPath, service("c-badport", {}, { ports: [{ port: 70000 }] })],
      ["POST", svcPath, service("c-nodeport-range", {}, { type: "NodePort", ports: [{ port: 80, nodePort: 80 }] })],
      ["POST", "/api/v1/namespaces/nowhere/services", service("x")],
      ["GET", "/api/v1/nothings", undefined],
      // ValidateEndpointIP: no loopback, unspecified, link-local or link-local multicast endpoints.
      ["POST", epsPath, endpointSlice("c-loop", "IPv4", ["127.0.0.1"])],
      ["POST", epsPath, endpointSlice("c-special", "IPv4", ["169.254.0.9", "224.0.0.7", "0.0.0.0"])],
      ["POST", epsPath, endpointSlice("c-loop6", "IPv6", ["::1", "fe80::1"])],
    ] as const) {
      const [s, r] = await both(p, method, path, { body });
      expect(shape(s), `${method} ${path}`).toEqual(shape(r));
    }
  });
});

describe("list", () => {
  it("filters with label and field selectors", async () => {
    for (const q of ["labelSelector=app%3Dc", "labelSelector=tier%20in%20(c-lb,c-nodeport)", "labelSelector=tier!%3Dc-lb,app", "labelSelector=!tier",
      "fieldSelector=metadata.name%3Dc-lb", "fieldSelector=spec.type%3DNodePort", "fieldSelector=metadata.namespace!%3Dx,spec.type!%3DClusterIP"]) {
      const [s, r] = await both(p, "GET", `${svcPath}?${q}`);
      expect(shape(s), q).toEqual(shape(r));
    }
  });

  it("rejects bad selectors with the same 400", async () => {
    for (const q of ["fieldSelector=spec.nope%3D1", "labelSelector=a%20in%20(", "labelSelector=a%20in%20(web", "labelSelector=a%20in%20(x,",
      "labelSelector=app%3Dweb,", "labelSelector=app%20in%20web", "fieldSelector=metadata.name"]) {
      const [s, r] = await both(p, "GET", `${svcPath}?${q}`);
      expect(shape(s), q).toEqual(shape(r));
    }
  });

  it("pages with limit and continue, then reports remainingItemCount on the way", async () => {
    let token = "";
    const pages: unknown[] = [];
    const realPages: unknown[] = [];
    let realToken = "";
    for (let i = 0; i < 5; i++) {
      const [s, r] = await both(p, "GET", `${svcPath}?limit=2${token ? `&continue=${token}` : ""}`);
      // The tokens are opaque and differ per server: each side follows its own.
      if (i > 0) {
        const real = await both(p, "GET", `${svcPath}?limit=2&continue=${realToken}`);
        realPages.push(normalize(real[1].json));
        realToken = real[1].json.metadata.continue ?? "";
      } else {
        realPages.push(normalize(r.json));
        realToken = r.json.metadata.continue ?? "";
      }
      pages.push(normalize(s.json));
      token = s.json.metadata.continue ?? "";
      if (!token) break;
    }
    expect(pages).toEqual(realPages);
    expect(pages.length).toBe(3);
  });

  it("answers Table output the same (kubectl's Accept), for Services and Ingresses", async () => {
    const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    for (const path of [svcPath, ingPath, `${svcPath}/c-lb`]) {
      const [s, r] = await both(p, "GET", path, { accept });
      // Age cells are relative times; everything else must match.
      // Ages are relative times, cluster IPs and node ports are allocated: everything else must match.
      const cell = (c: unknown) => (typeof c !== "string" ? c : /^\d+s$/.test(c) ? "<age>"
        : c.replace(/\b10\.\d+\.\d+\.\d+\b/g, "<ip>").replace(/:\d{5}\//g, ":<nodePort>/"));
      const cells = (x: { json: { rows: { cells: unknown[] }[] } }) => x.json.rows.map((row) => row.cells.map(cell));
      expect(normalize({ ...s.json, rows: cells(s) }), path).toEqual(normalize({ ...r.json, rows: cells(r) }));
    }
  });
});

describe("query parameters", () => {
  it("are parsed as the API server parses them (integers, booleans, resourceVersion, resourceVersionMatch)", async () => {
    const differing: unknown[] = [];
    for (const q of ["limit=abc", "limit=", "limit=1.5", "limit=-1", "watch=true&timeoutSeconds=abc", "resourceVersion=abc",
      "watch=1&resourceVersion=abc", "allowWatchBookmarks=maybe&watch=0", "watch=False", "fieldSelector=&labelSelector=",
      "resourceVersionMatch=Exact", "resourceVersionMatch=Foo&resourceVersion=1", "resourceVersionMatch=NotOlderThan&resourceVersion=1"]) {
      const [s, r] = await both(p, "GET", `${svcPath}?${q}${q.includes("watch=1") || q.includes("watch=true") ? "&timeoutSeconds=1" : ""}`);
      if (!isDeepStrictEqual(shape(s), shape(r))) differing.push({ q, sandbox: shape(s), real: shape(r) });
    }
    expect(differing).toEqual([]);
  });
});

describe("update, patch and delete", () => {
  it("PUT with the current resourceVersion updates, a stale one answers 409 Conflict", async () => {
    const [s0, r0] = await both(p, "GET", `${svcPath}/c-cluster`);
    const edit = (o: { metadata: { labels?: Record<string, string> } }) => ({ ...o, metadata: { ...o.metadata, labels: { app: "c", edited: "yes" } } });
    const [s1, r1] = await Promise.all([
      kubeHttp(p.sandbox, "PUT", `${svcPath}/c-cluster`, { body: edit(s0.json) }),
      kubeHttp(p.real, "PUT", `${svcPath}/c-cluster`, { body: edit(r0.json) }),
    ]);
    expect(shape(s1)).toEqual(shape(r1));
    const stale = (o: { metadata: Record<string, unknown> }) => ({ ...o, metadata: { ...o.metadata, resourceVersion: "1" } });
    const [s2, r2] = await Promise.all([
      kubeHttp(p.sandbox, "PUT", `${svcPath}/c-cluster`, { body: stale(s0.json) }),
      kubeHttp(p.real, "PUT", `${svcPath}/c-cluster`, { body: stale(r0.json) }),
    ]);
    expect(shape(s2)).toEqual(shape(r2));
  });

  it("merge, strategic-merge and JSON patches give the same objects and errors", async () => {
    for (const [type, patch] of [
      ["application/merge-patch+json", { metadata: { labels: { merged: "1" } } }],
      ["application/strategic-merge-patch+json", { spec: { ports: [{ name: "https", port: 443, targetPort: 8443 }] } }],
      ["application/strategic-merge-patch+json", { spec: { ports: [{ port: 443, $patch: "delete" }] } }],
      ["application/json-patch+json", [{ op: "add", path: "/metadata/annotations", value: { a: "b" } }]],
      ["application/json-patch+json", [{ op: "test", path: "/spec/type", value: "NodePort" }]],
      ["application/json-patch+json", [{ op: "remove", path: "/spec/nope" }]],
      ["application/merge-patch+json", { spec: { ports: [{ port: 99999 }] } }],
      ["text/plain", "x"],
    ] as const) {
      const [s, r] = await both(p, "PATCH", `${svcPath}/c-cluster`, { body: patch, contentType: type });
      expect(shape(s), `${type} ${JSON.stringify(patch)}`).toEqual(shape(r));
    }
  });

  it("deletes with preconditions: wrong uid and wrong resourceVersion 409, then 200 with the object", async () => {
    for (const pre of [{ uid: "00000000-0000-0000-0000-000000000000" }, { resourceVersion: "1" }]) {
      const [s, r] = await both(p, "DELETE", `${svcPath}/c-headless`, { body: { kind: "DeleteOptions", apiVersion: "v1", preconditions: pre } });
      expect(shape(s), JSON.stringify(pre)).toEqual(shape(r));
    }
    const [s, r] = await both(p, "DELETE", `${svcPath}/c-headless`, { body: { propagationPolicy: "Background" } });
    expect(shape(s)).toEqual(shape(r));
    const [s2, r2] = await both(p, "DELETE", `${svcPath}/c-headless`);
    expect(shape(s2)).toEqual(shape(r2));
  });

  it("dryRun=All answers like a write and stores nothing; an unknown dryRun value is 422", async () => {
    for (const q of ["dryRun=All", "dryRun=Foo"]) {
      const [s, r] = await both(p, "POST", `${svcPath}?${q}`, { body: service("c-dry") });
      expect(shape(s), q).toEqual(shape(r));
    }
    const [s, r] = await both(p, "GET", `${svcPath}/c-dry`);
    expect(shape(s)).toEqual(shape(r));
  });
});
