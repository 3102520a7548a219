// Cuts a real API server's OpenAPI documents down to what the sandbox serves: the paths of the
// served resources (and their /status) and the schemas those paths and kinds reach through $ref.
// Used once by scripts/sandbox-openapi.ts to make openapi-data/ from a real kube-apiserver, and at
// start-up to fit those documents to the kinds one sandbox serves (gatewayApi, workloads).
import type { Json } from "./types";

/** Which plurals are served per group-version path prefix ("/api/v1", "/apis/apps/v1"). */
export type ServedPlurals = Map<string, Set<string>>;

/** The resource and subresource a real API path addresses, or undefined. */
export function resourceOfPath(path: string, prefix: string): { plural: string; sub?: string } | undefined {
  if (!path.startsWith(`${prefix}/`)) return undefined;
  let segs = path.slice(prefix.length + 1).split("/");
  if (segs[0] === "watch") segs = segs.slice(1);
  if (segs[0] === "namespaces" && segs[1] === "{namespace}" && segs.length > 2) segs = segs.slice(2);
  const [plural, name, sub, ...rest] = segs;
  if (!plural || rest.length || (name !== undefined && name !== "{name}")) return undefined;
  return { plural, sub };
}

function keepPath(path: string, served: ServedPlurals): boolean {
  for (const [prefix, plurals] of served) {
    const r = resourceOfPath(path, prefix);
    if (r && plurals.has(r.plural) && (r.sub === undefined || r.sub === "status")) return true;
  }
  return false;
}

function collectRefs(node: unknown, out: Set<string>, prefix: string): void {
  if (Array.isArray(node)) for (const v of node) collectRefs(v, out, prefix);
  else if (typeof node === "object" && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith(prefix)) out.add(v.slice(prefix.length));
      else collectRefs(v, out, prefix);
    }
  }
}

/** Names of the schemas reachable from `roots` (and the roots themselves). */
function closure(schemas: Json, roots: Iterable<string>, prefix: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const name = todo.pop()!;
    if (seen.has(name) || !schemas[name]) continue;
    seen.add(name);
    const refs = new Set<string>();
    collectRefs(schemas[name], refs, prefix);
    todo.push(...refs);
  }
  return seen;
}

const gvkOf = (s: Json) => (s["x-kubernetes-group-version-kind"] ?? []) as Json[];

/** Schemas of the served kinds (and their Lists), found by their group/version/kind extension. */
function kindRoots(schemas: Json, served: ServedPlurals, kinds: Set<string>): string[] {
  return Object.keys(schemas).filter((n) => gvkOf(schemas[n]).some((g) => {
    const prefix = g.group ? `/apis/${g.group}/${g.version}` : `/api/${g.version}`;
    return served.has(prefix) && (kinds.has(g.kind) || kinds.has(String(g.kind).replace(/List$/, "")));
  }));
}

function pick(obj: Json, keys: Set<string>): Json {
  return Object.fromEntries(Object.keys(obj).sort().filter((k) => keys.has(k)).map((k) => [k, obj[k]]));
}

/** A /openapi/v3/<group-version> document cut to the served resources of that group-version. */
export function trimV3(doc: Json, served: ServedPlurals, kinds: Set<string>): Json {
  const paths = Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([p]) => keepPath(p, served)));
  const schemas: Json = doc.components?.schemas ?? {};
  const roots = new Set<string>(kindRoots(schemas, served, kinds));
  collectRefs(paths, roots, "#/components/schemas/");
  const keep = closure(schemas, roots, "#/components/schemas/");
  return { ...doc, paths, components: { ...doc.components, schemas: pick(schemas, keep) } };
}

/** The /openapi/v2 document cut to the served resources of every served group-version. */
export function trimV2(doc: Json, served: ServedPlurals, kinds: Set<string>): Json {
  const paths = Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([p]) => keepPath(p, served)));
  const defs: Json = doc.definitions ?? {};
  const roots = new Set<string>(kindRoots(defs, served, kinds));
  collectRefs(paths, roots, "#/definitions/");
  collectRefs(doc.parameters ?? {}, roots, "#/definitions/");
  const keep = closure(defs, roots, "#/definitions/");
  return { ...doc, paths, definitions: pick(defs, keep) };
}
