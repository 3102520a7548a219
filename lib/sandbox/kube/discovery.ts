// Legacy (unaggregated) discovery documents: /version, /api, /api/v1, /apis, /apis/<g>,
// /apis/<g>/<v> (reference §2.2-2.3). Aggregated discovery is deliberately not offered: clients
// fall back to these when the response Content-Type is plain application/json.
import { STATUS_VERBS, VERBS, type ResourceRegistry } from "./resources";
import type { Json, ResourceDef } from "./types";

/**
 * The /version document of a v1.35 server: the release the sandbox is checked against
 * (tests/real) and whose OpenAPI documents it serves (openapi-data/).
 */
export const VERSION_INFO = {
  major: "1", minor: "35", emulationMajor: "1", emulationMinor: "35", minCompatibilityMajor: "1", minCompatibilityMinor: "34",
  gitVersion: "v1.35.4", gitCommit: "", gitTreeState: "archive", buildDate: "2026-04-15T18:01:22Z", goVersion: "go1.26.8",
  compiler: "gc", platform: "linux/amd64",
};

/** GET /api. */
export function apiVersions(serverAddress: string): Json {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

const gv = (group: string, version: string) => ({ groupVersion: `${group}/${version}`, version });

/** GET /apis. */
export function apiGroupList(reg: ResourceRegistry): Json {
  return { kind: "APIGroupList", apiVersion: "v1", groups: reg.groups.map((g) => groupDoc(g.name, g.versions, g.preferred)) };
}

function groupDoc(name: string, versions: string[], preferred: string): Json {
  return { name, versions: versions.map((v) => gv(name, v)), preferredVersion: gv(name, preferred) };
}

/** GET /apis/<group>, or undefined if the group is not served. */
export function apiGroup(reg: ResourceRegistry, group: string): Json | undefined {
  const g = reg.groups.find((x) => x.name === group);
  return g && { kind: "APIGroup", apiVersion: "v1", ...groupDoc(g.name, g.versions, g.preferred) };
}

function resourceEntries(d: ResourceDef): Json[] {
  const main: Json = { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs ?? VERBS };
  if (d.shortNames) main.shortNames = d.shortNames;
  if (d.categories) main.categories = d.categories;
  if (d.storageVersionHash) main.storageVersionHash = d.storageVersionHash;
  const out = [main];
  if (d.hasStatus) out.push({ name: `${d.plural}/status`, singularName: "", namespaced: d.namespaced, kind: d.kind, verbs: STATUS_VERBS });
  return out;
}

/** GET /api/v1 or /apis/<g>/<v>, or undefined if not served. */
export function apiResourceList(reg: ResourceRegistry, group: string, version: string): Json | undefined {
  const defs = reg.inGroupVersion(group, version);
  if (!defs.length) return undefined;
  const doc: Json = { kind: "APIResourceList", groupVersion: group ? `${group}/${version}` : version, resources: defs.flatMap(resourceEntries) };
  // The core list carries no apiVersion on real servers; group lists do.
  return group ? { kind: doc.kind, apiVersion: "v1", groupVersion: doc.groupVersion, resources: doc.resources } : doc;
}
