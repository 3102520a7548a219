// The example cluster every sandbox starts with (unless seed: false): namespaces, the
// kubernetes Service, three nodes, the kong IngressClass, and two microservices in "shop",
// each exposed as ClusterIP, NodePort and LoadBalancer Services with EndpointSlices, plus one
// Ingress. Names and suffixes are deterministic so tests can address them directly.
import crypto from "node:crypto";
import type { ClusterStore } from "./store";
import type { KubeObject } from "./types";

/** The microservices of the example and their distinguishing values. */
export const SEED_SERVICES = [
  { name: "usermgr", team: "identity", nodePort: 30080, lbIp: "198.51.100.10" },
  { name: "ordermgr", team: "commerce", nodePort: 30081, lbIp: "198.51.100.11" },
] as const;

const CONSONANTS = "bcdfghjklmnpqrstvwxz";

/** `n` lowercase letters derived from `seed` (stable across runs). */
export function deterministicSuffix(seed: string, n = 5): string {
  const h = crypto.createHash("sha256").update(seed).digest();
  return Array.from(h.subarray(0, n), (b) => CONSONANTS[b % CONSONANTS.length]).join("");
}

function deterministicUid(seed: string): string {
  const h = crypto.createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const NODES = [1, 2, 3].map((n) => ({ name: `node-${n}`, internal: `10.0.0.1${n}`, external: `203.0.113.1${n}`, index: n }));

/** The zone a node is labelled with; the EndpointSlice controller copies it onto each endpoint. */
function zoneOf(n: (typeof NODES)[number]): string {
  return `sandbox-${"abc"[n.index - 1]}`;
}

function node(n: (typeof NODES)[number], now: string): KubeObject {
  return {
    apiVersion: "v1", kind: "Node",
    metadata: { name: n.name, labels: { "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": n.name, "kubernetes.io/os": "linux", "topology.kubernetes.io/zone": zoneOf(n) } },
    spec: { podCIDR: `10.244.${n.index}.0/24`, podCIDRs: [`10.244.${n.index}.0/24`] },
    status: {
      addresses: [{ type: "InternalIP", address: n.internal }, { type: "ExternalIP", address: n.external }, { type: "Hostname", address: n.name }],
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: now, lastTransitionTime: now }],
      nodeInfo: {
        architecture: "amd64", operatingSystem: "linux", osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.1.0-sandbox",
        kubeletVersion: "v1.32.0", kubeProxyVersion: "v1.32.0", containerRuntimeVersion: "containerd://1.7.24",
        machineID: deterministicSuffix(`${n.name}-machine`, 16), systemUUID: deterministicUid(`${n.name}-system`), bootID: deterministicUid(`${n.name}-boot`),
      },
    },
  };
}

function seedMicroservice(store: ClusterStore, m: (typeof SEED_SERVICES)[number], msIndex: number): void {
  const labels = { app: m.name, "app.kubernetes.io/name": m.name };
  const ports = [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }];
  const rsHash = deterministicSuffix(`${m.name}-replicaset`, 10);
  const pods = NODES.map((n, i) => {
    const name = `${m.name}-${rsHash}-${deterministicSuffix(`${m.name}-pod-${i}`)}`;
    return { name, uid: deterministicUid(name), ip: `10.244.${n.index}.${10 + msIndex}`, node: n.name, zone: zoneOf(n) };
  });
  const variants = [
    { name: m.name, spec: { type: "ClusterIP", selector: { app: m.name }, ports } },
    { name: `${m.name}-nodeport`, spec: { type: "NodePort", selector: { app: m.name }, ports: [{ ...ports[0], nodePort: m.nodePort }] } },
    { name: `${m.name}-lb`, spec: { type: "LoadBalancer", selector: { app: m.name }, ports } },
  ];
  for (const v of variants) {
    const svc = store.create({
      apiVersion: "v1", kind: "Service",
      metadata: { name: v.name, namespace: "shop", labels, annotations: { "signpost.dev/team": m.team } },
      spec: v.spec,
    });
    if (v.spec.type === "LoadBalancer") {
      // What a cloud controller would do once the load balancer exists.
      store.updateStatus({ ...svc, status: { loadBalancer: { ingress: [{ ip: m.lbIp }] } } });
    }
    store.create({
      apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
      metadata: {
        name: `${v.name}-${deterministicSuffix(`${v.name}-endpointslice`)}`, namespace: "shop",
        labels: { ...labels, "kubernetes.io/service-name": v.name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" },
        ownerReferences: [{ apiVersion: "v1", kind: "Service", name: v.name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: "IPv4",
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      endpoints: pods.map((p) => ({
        addresses: [p.ip],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: p.node,
        zone: p.zone,
        targetRef: { kind: "Pod", namespace: "shop", name: p.name, uid: p.uid },
      })),
    });
  }
}

/** Fills an empty store with the example cluster described in the sandbox's README. */
export function seedExample(store: ClusterStore): void {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease", "shop"]) {
    store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  }
  store.create({
    apiVersion: "v1", kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: { type: "ClusterIP", clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, targetPort: 6443, protocol: "TCP" }] },
  });
  for (const n of NODES) store.create(node(n, now));
  store.create({
    apiVersion: "networking.k8s.io/v1", kind: "IngressClass",
    metadata: { name: "kong" }, spec: { controller: "ingress-controllers.konghq.com/kong" },
  });
  SEED_SERVICES.forEach((m, i) => seedMicroservice(store, m, i));
  const ing = store.create({
    apiVersion: "networking.k8s.io/v1", kind: "Ingress",
    metadata: { name: "shop-api", namespace: "shop" },
    spec: {
      ingressClassName: "kong",
      rules: [{
        host: "api.shop.example",
        http: {
          paths: [
            { path: "/users", pathType: "Prefix", backend: { service: { name: "usermgr", port: { number: 80 } } } },
            { path: "/orders", pathType: "Prefix", backend: { service: { name: "ordermgr", port: { number: 80 } } } },
          ],
        },
      }],
    },
  });
  store.updateStatus({ ...ing, status: { loadBalancer: { ingress: [{ ip: "198.51.100.20" }] } } });
}
