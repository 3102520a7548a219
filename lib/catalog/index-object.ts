// What the catalog index (catalog-index.ts) takes in: the slim objects of every source kind, and
// the options that keep some Services out of the catalog.
import type {
  EndpointSliceInfo,
  GatewayInfo,
  GatewayPluginInfo,
  GatewayRouteInfo,
  GatewayServiceInfo,
  HTTPRouteInfo,
  IngressClassInfo,
  IngressInfo,
  NodeInfo,
  ServiceInfo,
} from "./types";

export type IndexObject =
  | { kind: "Service"; obj: ServiceInfo }
  | { kind: "Ingress"; obj: IngressInfo }
  | { kind: "EndpointSlice"; obj: EndpointSliceInfo }
  | { kind: "Node"; obj: NodeInfo }
  | { kind: "IngressClass"; obj: IngressClassInfo }
  | { kind: "HTTPRoute"; obj: HTTPRouteInfo }
  | { kind: "Gateway"; obj: GatewayInfo }
  | { kind: "KongService"; obj: GatewayServiceInfo }
  | { kind: "KongRoute"; obj: GatewayRouteInfo }
  | { kind: "KongPlugin"; obj: GatewayPluginInfo };

export type IndexKind = IndexObject["kind"];

export type IndexOptions = {
  clusterDomain?: (cluster: string) => string;
  /** namespaces whose Services never become APIs */
  excludeNamespaces?: string[];
  /** "namespace/name" of Services that never become APIs */
  excludeServices?: string[];
};
