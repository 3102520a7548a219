// The kinds the sandbox serves, in discovery order. Discovery, routing, OpenAPI and the store all
// read this one table, so adding a kind here is most of the work of serving it.
import crypto from "node:crypto";
import type { ResourceDef } from "./types";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const STATUS_VERBS = ["get", "patch", "update"];

type Spec = Omit<ResourceDef, "storageKey" | "storageVersion" | "generation" | "custom" | "storageVersionHash"> &
  Partial<Pick<ResourceDef, "generation" | "custom" | "storageVersion">>;

/** discovery.StorageVersionHash: the first 8 bytes of sha256("<group>/<storage version>/<kind>"), base64. */
function storageVersionHash(group: string, version: string, kind: string): string {
  return crypto.createHash("sha256").update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString("base64");
}

function def(spec: Spec): ResourceDef {
  const custom = spec.custom ?? false;
  const storageVersion = spec.storageVersion ?? spec.version;
  return {
    ...spec,
    custom,
    // CRDs always track generation; built-ins differ per kind and say so explicitly.
    generation: spec.generation ?? custom,
    storageVersion,
    storageKey: `${spec.group || "core"}/${spec.plural}`,
    storageVersionHash: storageVersionHash(spec.group, storageVersion, spec.kind),
    // The apiextensions server lists a CRD's verbs in its own order.
    ...(custom ? { verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"] } : {}),
  };
}

const CORE: ResourceDef[] = [
  def({ group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false,
    shortNames: ["ns"], hasStatus: true,
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] }),
  def({ group: "", version: "v1", plural: "nodes", singular: "node", kind: "Node", namespaced: false,
    shortNames: ["no"], hasStatus: true }),
  def({ group: "", version: "v1", plural: "services", singular: "service", kind: "Service", namespaced: true,
    shortNames: ["svc"], categories: ["all"], hasStatus: true }),
];

const NETWORKING: ResourceDef[] = [
  def({ group: "networking.k8s.io", version: "v1", plural: "ingressclasses", singular: "ingressclass",
    kind: "IngressClass", namespaced: false, hasStatus: false, generation: true }),
  def({ group: "networking.k8s.io", version: "v1", plural: "ingresses", singular: "ingress", kind: "Ingress",
    namespaced: true, shortNames: ["ing"], hasStatus: true, generation: true }),
];

const DISCOVERY: ResourceDef[] = [
  def({ group: "discovery.k8s.io", version: "v1", plural: "endpointslices", singular: "endpointslice",
    kind: "EndpointSlice", namespaced: true, hasStatus: false, generation: true }),
];

// What an application's manifests need (deploy/kubernetes): served only with `workloads: true`,
// so discovery of the default sandbox stays the set of kinds Signpost itself reads.
const CORE_WORKLOADS: ResourceDef[] = [
  def({ group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap", namespaced: true,
    shortNames: ["cm"], hasStatus: false }),
  def({ group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret", namespaced: true, hasStatus: false }),
  def({ group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount",
    namespaced: true, shortNames: ["sa"], hasStatus: false }),
];

const APPS: ResourceDef[] = [
  def({ group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment", namespaced: true,
    shortNames: ["deploy"], categories: ["all"], hasStatus: true, generation: true }),
];

const RBAC_GROUP = "rbac.authorization.k8s.io";
const RBAC: ResourceDef[] = [
  def({ group: RBAC_GROUP, version: "v1", plural: "clusterrolebindings", singular: "clusterrolebinding",
    kind: "ClusterRoleBinding", namespaced: false, hasStatus: false }),
  def({ group: RBAC_GROUP, version: "v1", plural: "clusterroles", singular: "clusterrole", kind: "ClusterRole",
    namespaced: false, hasStatus: false }),
  def({ group: RBAC_GROUP, version: "v1", plural: "rolebindings", singular: "rolebinding", kind: "RoleBinding",
    namespaced: true, hasStatus: false }),
  def({ group: RBAC_GROUP, version: "v1", plural: "roles", singular: "role", kind: "Role", namespaced: true, hasStatus: false }),
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

const byName = (a: ResourceDef, b: ResourceDef) => (a.plural < b.plural ? -1 : 1);
const v1Group = (name: string): ApiGroup => ({ name, versions: ["v1"], preferred: "v1" });

/**
 * Builds the registry; `gatewayApi: false` behaves like a cluster without the Gateway API CRDs,
 * `workloads: true` adds ServiceAccount, ConfigMap, Secret, apps/v1 and rbac.authorization.k8s.io/v1.
 */
export function createRegistry(opts: { gatewayApi: boolean; workloads?: boolean }): ResourceRegistry {
  const w = opts.workloads ?? false;
  const core = w ? [...CORE, ...CORE_WORKLOADS].sort(byName) : CORE;
  const all = [...core, ...(w ? APPS : []), ...NETWORKING, ...(w ? RBAC : []), ...DISCOVERY,
    ...(opts.gatewayApi ? [...gatewayDefs("v1"), ...gatewayDefs("v1beta1")] : [])];
  // Group order as a real /apis lists them (apps first, rbac after networking).
  const groups: ApiGroup[] = [
    ...(w ? [v1Group("apps")] : []),
    v1Group("networking.k8s.io"),
    ...(w ? [v1Group(RBAC_GROUP)] : []),
    v1Group("discovery.k8s.io"),
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
