// The sandbox's seeded example as slim catalog records, for unit tests of the derivation.
import type { EndpointSliceInfo, IngressClassInfo, IngressInfo, NodeInfo, ServiceInfo, ServiceType } from "../types";

const CLUSTER = "sandbox";

export function exampleNodes(cluster = CLUSTER): NodeInfo[] {
  return [1, 2, 3].map((n) => ({
    cluster,
    name: `node-${n}`,
    internalIPs: [`10.0.0.${10 + n}`],
    externalIPs: [`203.0.113.${10 + n}`],
  }));
}

export function exampleService(
  m: string,
  suffix: "" | "-nodeport" | "-lb",
  opts: { cluster?: string; team?: string; nodePort?: number; lbIp?: string; annotations?: Record<string, string> } = {},
): ServiceInfo {
  const type: ServiceType = suffix === "" ? "ClusterIP" : suffix === "-nodeport" ? "NodePort" : "LoadBalancer";
  return {
    cluster: opts.cluster ?? CLUSTER,
    namespace: "shop",
    name: `${m}${suffix}`,
    uid: `uid-${opts.cluster ?? CLUSTER}-${m}${suffix}`,
    type,
    clusterIP: "10.96.0.50",
    externalIPs: [],
    ports: [
      {
        name: "http",
        port: 80,
        targetPort: 8080,
        protocol: "TCP",
        ...(type === "NodePort" ? { nodePort: opts.nodePort ?? 30080 } : type === "LoadBalancer" ? { nodePort: 31000 } : {}),
      },
    ],
    selector: { app: m },
    labels: { app: m, "app.kubernetes.io/name": m },
    annotations: { ...(opts.team ? { "signpost.dev/team": opts.team } : {}), ...opts.annotations },
    loadBalancer: type === "LoadBalancer" && opts.lbIp ? [{ ip: opts.lbIp }] : [],
  };
}

export function exampleSlice(m: string, service: string, cluster = CLUSTER, ready = [true, true, true]): EndpointSliceInfo {
  return {
    cluster,
    namespace: "shop",
    name: `${service}-abcde`,
    serviceName: service,
    ports: [{ name: "http", port: 8080 }],
    endpoints: ready.map((r, i) => ({
      addresses: [`10.244.${i + 1}.7`],
      ready: r,
      pod: `shop/${m}-7d4b9c-${i}`,
    })),
  };
}

export function exampleIngress(cluster = CLUSTER): IngressInfo {
  return {
    cluster,
    namespace: "shop",
    name: "shop-api",
    uid: `uid-${cluster}-shop-api`,
    className: "kong",
    tlsHosts: [],
    rules: [
      {
        host: "api.shop.example",
        paths: [
          { path: "/users", pathType: "Prefix", backend: { service: "usermgr", port: 80 } },
          { path: "/orders", pathType: "Prefix", backend: { service: "ordermgr", port: 80 } },
        ],
      },
    ],
    loadBalancer: [{ ip: "198.51.100.20" }],
    labels: {},
    annotations: {},
  };
}

export const exampleIngressClass: IngressClassInfo = {
  cluster: CLUSTER,
  name: "kong",
  controller: "ingress-controllers.konghq.com/kong",
  isDefault: false,
};

/** All slim objects of the seeded example. */
export function exampleObjects(cluster = CLUSTER) {
  const services: ServiceInfo[] = [];
  const slices: EndpointSliceInfo[] = [];
  for (const [m, team, np, lb] of [
    ["usermgr", "identity", 30080, "198.51.100.10"],
    ["ordermgr", "commerce", 30081, "198.51.100.11"],
  ] as const) {
    for (const suffix of ["", "-nodeport", "-lb"] as const) {
      services.push(exampleService(m, suffix, { cluster, team, nodePort: np, lbIp: lb }));
      slices.push(exampleSlice(m, `${m}${suffix}`, cluster));
    }
  }
  return { nodes: exampleNodes(cluster), services, slices, ingress: exampleIngress(cluster), ingressClass: { ...exampleIngressClass, cluster } };
}
