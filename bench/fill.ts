// Fills the sandbox cluster with N microservices of realistic shape: 20 namespaces, 25 teams,
// each a Service (ClusterIP mostly, some LoadBalancer and headless) with an EndpointSlice of
// 2-3 pods, and one Ingress of class kong per 10 Services routing a path to each.
import type { SandboxCluster } from "../lib/sandbox/kube";

export type FillResult = { services: number; slices: number; ingresses: number; namespaces: number };

const NAMESPACES = 20;
const TEAMS = 25;

export function nsOf(i: number): string {
  return `ns-${String(i % NAMESPACES).padStart(2, "0")}`;
}

export function serviceName(i: number): string {
  return `svc-${String(i).padStart(6, "0")}`;
}

/** Creates the objects through the store (same defaulting and validation as the HTTP API). */
export function fillCluster(cluster: SandboxCluster, n: number): FillResult {
  const store = cluster.store;
  for (let k = 0; k < NAMESPACES; k++) store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: nsOf(k) } });
  let slices = 0;
  for (let i = 0; i < n; i++) {
    const name = serviceName(i);
    const ns = nsOf(i);
    const lb = i % 10 === 3;
    const headless = i % 20 === 7;
    store.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name,
        namespace: ns,
        labels: { app: name, "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": name, tier: i % 3 === 0 ? "backend" : "frontend" },
        annotations: { "signpost.dev/team": `team-${i % TEAMS}`, "example.com/owner": `owner-${i % 97}@example.com` },
      },
      spec: {
        type: lb ? "LoadBalancer" : "ClusterIP",
        ...(lb ? { allocateLoadBalancerNodePorts: false } : {}),
        ...(headless ? { clusterIP: "None" } : {}),
        selector: { app: name },
        ports: [{ name: "http", port: 80, targetPort: 8080 }],
      },
    });
    if (lb) {
      store.patch(
        { apiVersion: "v1", kind: "Service", namespace: ns, name },
        { status: { loadBalancer: { ingress: [{ ip: `198.18.${(i >> 8) & 255}.${i & 255}` }] } } },
        "merge",
        { subresource: "status" },
      );
    }
    const pods = 2 + (i % 2);
    store.create({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: `${name}-x7k2p`,
        namespace: ns,
        labels: { "kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" },
      },
      addressType: "IPv4",
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      endpoints: Array.from({ length: pods }, (_, p) => ({
        addresses: [`10.${100 + (i >> 16)}.${(i >> 8) & 255}.${(i & 255) ^ p}`],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: `node-${(p % 3) + 1}`,
        targetRef: { kind: "Pod", namespace: ns, name: `${name}-6d5f-${p}` },
      })),
    });
    slices++;
  }
  let ingresses = 0;
  for (let start = 0; start < n; start += 10 * NAMESPACES) {
    // one Ingress per namespace per block, each routing a path to 10 Services of that namespace
    for (let k = 0; k < NAMESPACES; k++) {
      const members = Array.from({ length: 10 }, (_, j) => start + k + j * NAMESPACES).filter((i) => i < n);
      if (!members.length) continue;
      store.create({
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: `ing-${start}-${k}`, namespace: nsOf(k) },
        spec: {
          ingressClassName: "kong",
          rules: [
            {
              host: `${nsOf(k)}.api.example.com`,
              http: { paths: members.map((i) => ({ path: `/${serviceName(i)}`, pathType: "Prefix", backend: { service: { name: serviceName(i), port: { number: 80 } } } })) },
            },
          ],
        },
      });
      ingresses++;
    }
  }
  return { services: n, slices, ingresses, namespaces: NAMESPACES };
}
