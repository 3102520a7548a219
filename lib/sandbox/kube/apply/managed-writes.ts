// Where writes meet field ownership: the managedFields an update records (the request's changes,
// computed as the API server does, after scheme defaults and before the registry allocates Service
// IPs and ports), the empty object a create is compared with, and one FieldManager per kind built
// from the real OpenAPI schemas the sandbox serves.
import { groupVersion, type Json, type KubeObject, type ResourceDef } from "../types";
import { FieldManager, type ManagedFieldsEntry, type Writer } from "./field-manager";
import { SchemaTypes } from "./schema-types";

/** Field managers per kind, from the component schemas of the served OpenAPI v3 documents. */
export class FieldManagers {
  private types?: SchemaTypes;
  private readonly byKind = new Map<string, FieldManager | undefined>();

  /** `schemas` is called on first use: parsing the documents costs more than most sandboxes need. */
  constructor(private readonly schemas: () => Record<string, Json>) {}

  /** The manager of `d`'s kind, or undefined when no schema describes it. */
  of(d: ResourceDef): FieldManager | undefined {
    const key = `${d.group}/${d.version}/${d.kind}`;
    if (!this.byKind.has(key)) {
      this.types ??= new SchemaTypes(this.schemas());
      const t = this.types.forKind(d.group, d.version, d.kind);
      this.byKind.set(key, t && new FieldManager(t, d.hasStatus));
    }
    return this.byKind.get(key);
  }
}

// The non-pointer struct fields of each built-in kind's Go type: present as {} in a new object, so a
// create does not "add" them (no "." in their FieldsV1), unlike maps and lists it sets.
const SKELETONS: Record<string, string[]> = {
  Service: ["spec", "status", "status.loadBalancer"],
  Namespace: ["spec", "status"],
  Node: ["spec", "status", "status.daemonEndpoints", "status.daemonEndpoints.kubeletEndpoint", "status.nodeInfo"],
  Ingress: ["spec", "status", "status.loadBalancer"],
  IngressClass: ["spec"],
  Deployment: ["spec", "spec.template", "spec.template.metadata", "spec.template.spec", "spec.strategy", "status"],
  ClusterRoleBinding: ["roleRef"],
  RoleBinding: ["roleRef"],
};

/** The object a create is compared with: what the API server's `New()` gives for the kind. */
export function emptyObject(d: ResourceDef): KubeObject {
  const o: KubeObject = { apiVersion: groupVersion(d.group, d.version), kind: d.kind, metadata: {} };
  // Custom resources start as bare unstructured objects.
  if (d.custom) return { apiVersion: o.apiVersion, kind: o.kind } as KubeObject;
  for (const p of SKELETONS[d.kind] ?? []) {
    let at: Json = o;
    for (const seg of p.split(".")) at = at[seg] ??= {};
  }
  return o;
}

// Set by the Service registry after the field manager ran: not owned unless the request set them.
const SERVICE_ALLOCATED = ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort"];

/** `next` as the field manager sees it: allocated Service fields only where the request set them. */
export function asRequested(d: ResourceDef, next: KubeObject, requested: KubeObject): KubeObject {
  if (d.kind !== "Service" || !next.spec) return next;
  const spec: Json = { ...next.spec };
  const asked: Json = requested.spec ?? {};
  for (const f of SERVICE_ALLOCATED) if (asked[f] === undefined) delete spec[f];
  if (Array.isArray(spec.ports)) {
    spec.ports = spec.ports.map((port: Json, j: number) => {
      if (asked.ports?.[j]?.nodePort !== undefined) return port;
      const { nodePort: _n, ...rest } = port;
      return rest;
    });
  }
  return { ...next, spec };
}

/** The managedFields after an update by `w` from `live` (undefined = create) to `next`. */
export function updatedManagedFields(fm: FieldManager, d: ResourceDef, live: KubeObject | undefined, next: KubeObject, w: Writer): ManagedFieldsEntry[] | undefined {
  return fm.update(live ?? emptyObject(d), next, w, live);
}
