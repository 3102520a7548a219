// The Kubernetes resources Signpost lists and watches, with their reshapers. The deploy
// manifests' ClusterRole grants exactly these (deploy/kubernetes/rbac.yaml).
import type { IndexObject } from "../catalog/catalog-index";
import type { ReshapeResult } from "./reshape/common";
import { reshapeService } from "./reshape/reshape-service";
import { reshapeIngress } from "./reshape/reshape-ingress";
import { reshapeEndpointSlice } from "./reshape/reshape-endpoint-slice";
import { reshapeNode } from "./reshape/reshape-node";
import { reshapeIngressClass } from "./reshape/reshape-ingress-class";
import { reshapeHttpRoute } from "./reshape/reshape-httproute";
import { reshapeGateway } from "./reshape/reshape-gateway";

export type KubeResource = {
  kind: IndexObject["kind"];
  path: string;
  /** API group that must be served for this resource to be watched ("" = core, always) */
  group: string;
  namespaced: boolean;
  reshape(cluster: string, raw: unknown): ReshapeResult<IndexObject>;
};

const wrap =
  <K extends IndexObject["kind"]>(kind: K, fn: (cluster: string, raw: unknown) => ReshapeResult<unknown>) =>
  (cluster: string, raw: unknown): ReshapeResult<IndexObject> => {
    const r = fn(cluster, raw);
    return r.ok ? { ok: true, value: { kind, obj: r.value } as IndexObject } : r;
  };

export const KUBE_RESOURCES: KubeResource[] = [
  { kind: "Service", path: "/api/v1/services", group: "", namespaced: true, reshape: wrap("Service", reshapeService) },
  { kind: "EndpointSlice", path: "/apis/discovery.k8s.io/v1/endpointslices", group: "discovery.k8s.io", namespaced: true, reshape: wrap("EndpointSlice", reshapeEndpointSlice) },
  { kind: "Ingress", path: "/apis/networking.k8s.io/v1/ingresses", group: "networking.k8s.io", namespaced: true, reshape: wrap("Ingress", reshapeIngress) },
  { kind: "IngressClass", path: "/apis/networking.k8s.io/v1/ingressclasses", group: "networking.k8s.io", namespaced: false, reshape: wrap("IngressClass", reshapeIngressClass) },
  { kind: "Node", path: "/api/v1/nodes", group: "", namespaced: false, reshape: wrap("Node", reshapeNode) },
  { kind: "HTTPRoute", path: "/apis/gateway.networking.k8s.io/v1/httproutes", group: "gateway.networking.k8s.io", namespaced: true, reshape: wrap("HTTPRoute", reshapeHttpRoute) },
  { kind: "Gateway", path: "/apis/gateway.networking.k8s.io/v1/gateways", group: "gateway.networking.k8s.io", namespaced: true, reshape: wrap("Gateway", reshapeGateway) },
];
