// The kinds the sandbox serves, in discovery order. Discovery, routing, OpenAPI and the store all
// read this one table, so adding a kind here is most of the work of serving it.
import type { ResourceDef } from "./types";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const STATUS_VERBS = ["get", "patch", "update"];

type Spec = Omit<ResourceDef, "storageKey" | "storageVersion" | "generation" | "custom"> &
  Partial<Pick<ResourceDef, "generation" | "custom" | "storageVersion">>;

function def(spec: Spec): ResourceDef {
  const custom = spec.custom ?? false;
  return {
    ...spec,
    custom,
    // CRDs always track generation; built-ins differ per kind and say so explicitly.
    generation: spec.generation ?? custom,
    storageVersion: spec.storageVersion ?? spec.version,
    storageKey: `${spec.group || "core"}/${spec.plural}`,
  };
}

const CORE: ResourceDef[] = [
  def({ group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false,
    shortNames: ["ns"], hasStatus: true, storageVersionHash: "Q3oi5N2YM8M=" }),
  def({ group: "", version: "v1", plural: "nodes", singular: "node", kind: "Node", namespaced: false,
    shortNames: ["no"], hasStatus: true, storageVersionHash: "XwShjMxG9Fs=" }),
  def({ group: "", version: "v1", plural: "services", singular: "service", kind: "Service", namespaced: true,
    shortNames: ["svc"], categories: ["all"], hasStatus: true, storageVersionHash: "0/CO1lhkEBI=" }),
];

const NETWORKING: ResourceDef[] = [
  def({ group: "networking.k8s.io", version: "v1", plural: "ingressclasses", singular: "ingressclass",
    kind: "IngressClass", namespaced: false, hasStatus: false, generation: true, storageVersionHash: "l/iqIbDgFyQ=" }),
  def({ group: "networking.k8s.io", version: "v1", plural: "ingresses", singular: "ingress", kind: "Ingress",
    namespaced: true, shortNames: ["ing"], hasStatus: true, generation: true, storageVersionHash: "39NQlfNR+bo=" }),
];

const DISCOVERY: ResourceDef[] = [
  def({ group: "discovery.k8s.io", version: "v1", plural: "endpointslices", singular: "endpointslice",
    kind: "EndpointSlice", namespaced: true, hasStatus: false, generation: true, storageVersionHash: "Nx3SIv6I0mE=" }),
];

const GATEWAY_GROUP = "gateway.networking.k8s.io";

function gatewayDefs(version: string): ResourceDef[] {
  return [
    def({ group: GATEWAY_GROUP, version, plural: "gateways", singular: "gateway", kind: "Gateway", namespaced: true,
      shortNames: ["gtw"], categories: ["gateway-api"], hasStatus: true, custom: true, storageVersion: "v1" }),
    def({ group: GATEWAY_GROUP, version, plural: "httproutes", singular: "httproute", kind: "HTTPRoute",
      namespaced: true, categories: ["gateway-api"], hasStatus: true, custom: true, storageVersion: "v1" }),
  ];
}

/** One API group as /apis lists it. */
export type ApiGroup = { name: string; versions: string[]; preferred: string };

/** The served resources and groups; the Gateway API group is optional like a CRD install. */
export type ResourceRegistry = {
  all: ResourceDef[];
  groups: ApiGroup[];
  /** Resource served at /api(s)/<group>/<version>/<plural>, if any. */
  byPath(group: string, version: string, plural: string): ResourceDef | undefined;
  /** Resource for an object's apiVersion + kind, if any. */
  byKind(apiVersion: string, kind: string): ResourceDef | undefined;
  /** Every served resource of a group/version, in discovery order. */
  inGroupVersion(group: string, version: string): ResourceDef[];
};

/** Builds the registry; `gatewayApi: false` behaves like a cluster without the Gateway API CRDs. */
export function createRegistry(opts: { gatewayApi: boolean }): ResourceRegistry {
  const all = [...CORE, ...NETWORKING, ...DISCOVERY, ...(opts.gatewayApi ? [...gatewayDefs("v1"), ...gatewayDefs("v1beta1")] : [])];
  const groups: ApiGroup[] = [
    { name: "networking.k8s.io", versions: ["v1"], preferred: "v1" },
    { name: "discovery.k8s.io", versions: ["v1"], preferred: "v1" },
    ...(opts.gatewayApi ? [{ name: GATEWAY_GROUP, versions: ["v1", "v1beta1"], preferred: "v1" }] : []),
  ];
  const apiVersionOf = (d: ResourceDef) => (d.group ? `${d.group}/${d.version}` : d.version);
  return {
    all,
    groups,
    byPath: (group, version, plural) =>
      all.find((d) => d.group === group && d.version === version && d.plural === plural),
    byKind: (apiVersion, kind) => all.find((d) => apiVersionOf(d) === apiVersion && d.kind === kind),
    inGroupVersion: (group, version) => all.filter((d) => d.group === group && d.version === version),
  };
}

export { VERBS, STATUS_VERBS };
