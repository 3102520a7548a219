// Signpost's own vocabulary for what it syncs. The Kubernetes and Kong adapters reshape vendor
// JSON into these slim records; nothing in lib/catalog sees vendor JSON.

export type StringMap = Record<string, string>;

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

export type ServicePortInfo = {
  name?: string;
  port: number;
  /** number, or the name of a container port */
  targetPort: number | string;
  protocol: string;
  nodePort?: number;
  appProtocol?: string;
};

export type LbAddress = { ip?: string; hostname?: string };

export type ServiceInfo = {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  type: ServiceType;
  /** "None" for a headless Service */
  clusterIP?: string;
  externalName?: string;
  externalIPs: string[];
  ports: ServicePortInfo[];
  selector?: StringMap;
  labels: StringMap;
  annotations: StringMap;
  loadBalancer: LbAddress[];
};

export type IngressBackendRef = { service: string; port: number | string };

export type IngressPathInfo = {
  path: string;
  pathType: string;
  backend?: IngressBackendRef;
};

export type IngressInfo = {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  className?: string;
  tlsHosts: string[];
  rules: { host?: string; paths: IngressPathInfo[] }[];
  defaultBackend?: IngressBackendRef;
  loadBalancer: LbAddress[];
  labels: StringMap;
  annotations: StringMap;
};

/**
 * What the catalog needs of an endpoint: its pod (counted once) and, headless, its DNS name; and
 * what the API page shows of where it runs (node, zone, serving and terminating conditions).
 * Optional fields are left out when absent or at their default, to keep the worker's index small.
 */
export type EndpointInfo = {
  addresses: string[];
  ready: boolean;
  hostname?: string;
  /** the Pod behind the endpoint, "ns/name" */
  pod?: string;
  node?: string;
  zone?: string;
  /** only when it differs from `ready` (Kubernetes: a missing serving condition defers to ready) */
  serving?: boolean;
  /** only when true (a missing terminating condition means not terminating) */
  terminating?: true;
};

export type EndpointSliceInfo = {
  cluster: string;
  namespace: string;
  name: string;
  serviceName?: string;
  endpoints: EndpointInfo[];
  /** resolve named target ports */
  ports: { name?: string; port?: number }[];
};

export type NodeInfo = {
  cluster: string;
  name: string;
  internalIPs: string[];
  externalIPs: string[];
};

export type IngressClassInfo = {
  cluster: string;
  name: string;
  controller: string;
  isDefault: boolean;
};

export type RouteParentRef = {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
};

export type HTTPRouteInfo = {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  hostnames: string[];
  parentRefs: RouteParentRef[];
  rules: {
    matches: { path?: { type: string; value: string }; method?: string }[];
    backendRefs: { group: string; kind: string; namespace: string; name: string; port?: number; weight: number }[];
  }[];
  labels: StringMap;
  annotations: StringMap;
};

export type GatewayInfo = {
  cluster: string;
  namespace: string;
  name: string;
  className: string;
  listeners: { name: string; hostname?: string; port: number; protocol: string }[];
  addresses: string[];
};

/** The Kubernetes Service a gateway service forwards to, as the gateway adapter worked it out. */
export type BackendHint = {
  namespace: string;
  name: string;
  uid?: string;
  /** Service port number or name, when known */
  port?: number | string;
  /** how it was found: controller tags, controller naming, or a cluster DNS host */
  via: "tags" | "name" | "host";
};

/** A Kong service, reshaped. */
export type GatewayServiceInfo = {
  gateway: string;
  id: string;
  name?: string;
  protocol: string;
  host: string;
  port: number;
  path?: string;
  enabled: boolean;
  backend?: BackendHint;
};

/** A Kong route, reshaped. */
export type GatewayRouteInfo = {
  gateway: string;
  id: string;
  name?: string;
  serviceId?: string;
  protocols: string[];
  hosts: string[];
  paths: string[];
  methods: string[];
  stripPath: boolean;
  /** who manages the route: an Ingress Controller, Signpost's registration, or someone else */
  managedBy: "ingress-controller" | "signpost" | "other";
  /** the Kubernetes object an Ingress Controller made the route from */
  origin?: { kind: string; namespace: string; name: string; uid?: string };
  /** for routes Signpost registered: the API they belong to */
  registration?: { name: string; microservice?: string; team?: string };
  /** how Signpost came to register it: "annotation" for a Service annotated for the gateway */
  registeredVia?: string;
};

/** A Kong plugin, reshaped (for badges). */
export type GatewayPluginInfo = {
  gateway: string;
  id: string;
  name: string;
  routeId?: string;
  serviceId?: string;
  enabled: boolean;
};

/** What a gateway source says about itself. */
export type GatewaySourceInfo = {
  name: string;
  proxyUrl?: string;
  /** cluster this gateway's Ingress Controller runs in, when configured */
  cluster?: string;
  dbless: boolean;
};

export const EXPOSURE_MODES = [
  "Gateway",
  "Ingress",
  "HTTPRoute",
  "LoadBalancer",
  "NodePort",
  "ClusterIP",
  "ExternalName",
] as const;
export type ExposureMode = (typeof EXPOSURE_MODES)[number];

export type ExposureSource = {
  kind: "Service" | "Ingress" | "HTTPRoute" | "KongRoute";
  /** cluster name, or gateway name for KongRoute */
  cluster: string;
  namespace?: string;
  name: string;
};

export type DerivedExposure = {
  mode: ExposureMode;
  url: string | null;
  status: "ready" | "pending";
  source: ExposureSource;
  details: Record<string, unknown>;
};

/** One catalog API as derived from the sources: what gets stored and served. */
export type DerivedApi = {
  key: string;
  name: string;
  microservice: string | null;
  team: string | null;
  cluster: string | null;
  namespace: string | null;
  exposureMode: ExposureMode;
  proxyUrl: string | null;
  modes: ExposureMode[];
  gateways: string[];
  managedBy: "kubernetes" | "kong" | "signpost";
  labels: StringMap;
  annotations: StringMap;
  readyPods: number | null;
  totalPods: number | null;
  exposures: DerivedExposure[];
  searchText: string;
  /** hash of everything above: unchanged hash, nothing to write */
  contentHash: string;
  /** hash of addresses, exposures and ownership: unchanged, no change event */
  eventHash: string;
};
