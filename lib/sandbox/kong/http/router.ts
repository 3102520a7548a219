import { adminName } from "../schemas/entity-schema";
import { SCHEMAS } from "../schemas/index";
import { ENTITY_KINDS, type EntityKind } from "../types";

/** The parent of a nested endpoint: /services/{key}/routes has parent { services, key, "service" }. */
export type ParentRef = { kind: EntityKind; key: string; field: string };

/** A matched Admin API path. */
export type ApiRoute =
  | { type: "root" }
  | { type: "status" }
  | { type: "config" }
  | { type: "endpoints" }
  | { type: "tags"; tag?: string }
  | { type: "plugins-enabled" }
  | { type: "schema"; name: string }
  | { type: "plugin-schema"; name: string }
  | { type: "wasm-disabled" }
  | { type: "schema-validate"; name: string }
  | { type: "collection"; kind: EntityKind; parent?: ParentRef }
  | { type: "entity"; kind: EntityKind; key: string; parent?: ParentRef }
  | { type: "foreign-entity"; kind: EntityKind; key: string; field: string; reference: EntityKind }
  | { type: "upstream-health"; upstreamKey: string }
  | { type: "target-health"; upstreamKey: string; targetKey: string; address?: string; healthy: boolean };

const COLLECTION = ["GET", "POST"];
const ENTITY = ["GET", "PUT", "PATCH", "DELETE"];

/** Methods each kind of path defines (HEAD and OPTIONS are implied). */
export function allowedMethods(route: ApiRoute): string[] {
  switch (route.type) {
    case "collection":
    case "config": return COLLECTION;
    case "entity":
    case "foreign-entity": return ENTITY;
    case "schema-validate": return ["POST"];
    case "target-health": return ["PUT"];
    case "wasm-disabled": return ["GET", "POST", "PUT", "PATCH", "DELETE"];
    default: return ["GET"];
  }
}

// Kong's generate_endpoints, from the schemas: every kind's collection under its admin name, and
// for every foreign key a nested collection under the parent and the parent read through the child.
const TOP_LEVEL = new Map<string, EntityKind>();
const NESTED = new Map<EntityKind, Map<string, { kind: EntityKind; field: string }>>();
const FOREIGN = new Map<EntityKind, Map<string, EntityKind>>();
for (const kind of ENTITY_KINDS) {
  const schema = SCHEMAS[kind];
  if (!schema.noTopLevel) TOP_LEVEL.set(adminName(schema), kind);
  for (const fk of schema.foreign) {
    const parent = fk.reference as EntityKind;
    const nested = NESTED.get(parent) ?? new Map();
    nested.set(schema.nestedName ?? adminName(schema), { kind, field: fk.field });
    NESTED.set(parent, nested);
    if (schema.noTopLevel || kind === "snis") continue; // /targets/{t}/upstream and /snis/{s}/certificate are disabled
    const f = FOREIGN.get(kind) ?? new Map();
    f.set(fk.field, parent);
    FOREIGN.set(kind, f);
  }
}

/** First path segments that are Admin API resources, i.e. not an enterprise workspace name. */
export const RESOURCE_SEGMENTS = new Set([...TOP_LEVEL.keys(), "targets", "tags", "config", "status", "schemas", "workspaces", "endpoints"]);

function matchSchemas(s: readonly string[]): ApiRoute | null {
  const [, b, c, d] = s;
  if (s.length === 2) return { type: "schema", name: b };
  if (s.length === 3 && c === "validate") return { type: "schema-validate", name: b };
  if (s.length === 3 && b === "plugins") return { type: "plugin-schema", name: c };
  if (s.length === 4 && b === "plugins" && d === "validate") return null;
  return null;
}

function matchUpstreamTargets(s: readonly string[]): ApiRoute | null {
  const [, u, , t, e, f] = s;
  if (s.length === 5 && (e === "healthy" || e === "unhealthy")) return { type: "target-health", upstreamKey: u, targetKey: t, healthy: e === "healthy" };
  if (s.length === 6 && (f === "healthy" || f === "unhealthy")) {
    return { type: "target-health", upstreamKey: u, targetKey: t, address: e, healthy: f === "healthy" };
  }
  return null;
}

// kong/api/routes/filter_chains.lua with wasm off (the sandbox's GET / says wasm: false): the
// filter chain endpoints exist and refuse with 400 rather than 404.
function isFilterChainPath(s: readonly string[]): boolean {
  const [a, , c, d] = s;
  if (a === "filter-chains") return s.length <= 2 || (s.length === 3 && (c === "route" || c === "service"));
  if (a !== "routes" && a !== "services") return false;
  if (c === "filter-chains") return s.length === 3 || s.length === 4;
  return a === "routes" && c === "filters" && s.length === 4 && ["enabled", "disabled", "all"].includes(d);
}

/** Matches decoded path segments (no workspace prefix) to a route; null means 404. */
export function matchRoute(s: readonly string[]): ApiRoute | null {
  const [a, b, c, d] = s;
  if (s.length === 0) return { type: "root" };
  if (a === "schemas") return matchSchemas(s);
  if (s.length === 1) {
    if (a === "status" || a === "config" || a === "endpoints") return { type: a };
    if (a === "tags") return { type: "tags" };
  }
  if (s.length === 2 && a === "tags") return { type: "tags", tag: b };
  if (s.length === 2 && a === "plugins" && b === "enabled") return { type: "plugins-enabled" };
  if (s.length === 3 && a === "plugins" && b === "schema") return { type: "plugin-schema", name: c };
  if (isFilterChainPath(s)) return { type: "wasm-disabled" };
  const kind = TOP_LEVEL.get(a);
  if (!kind) return null;
  if (s.length === 1) return { type: "collection", kind };
  if (s.length === 2) return { type: "entity", kind, key: b };
  if (kind === "upstreams" && s.length === 3 && c === "health") return { type: "upstream-health", upstreamKey: b };
  if (kind === "upstreams" && s.length >= 5) return matchUpstreamTargets(s);
  if (s.length === 3) {
    const reference = FOREIGN.get(kind)?.get(c);
    if (reference) return { type: "foreign-entity", kind, key: b, field: c, reference };
  }
  const nested = NESTED.get(kind)?.get(c);
  if (!nested) return null;
  const parent: ParentRef = { kind, key: b, field: nested.field };
  if (s.length === 3) return { type: "collection", kind: nested.kind, parent };
  if (s.length === 4 && kind === "upstreams" && d === "all") return { type: "collection", kind: "targets", parent };
  if (s.length === 4) return { type: "entity", kind: nested.kind, key: d, parent };
  return null;
}

/** The path templates this router serves, in Kong's /endpoints order ("/" sorts before letters). */
export function listEndpoints(): string[] {
  const out = new Set<string>(["/", "/status", "/config", "/endpoints", "/tags", "/tags/{tags}", "/plugins/enabled",
    "/plugins/schema/{name}", "/schemas/{name}", "/schemas/{db_entity_name}/validate", "/schemas/plugins/{name}",
    "/schemas/plugins/validate", "/upstreams/{upstreams}/health", "/upstreams/{upstreams}/targets/all",
    "/upstreams/{upstreams}/targets/{targets}/healthy", "/upstreams/{upstreams}/targets/{targets}/unhealthy",
    "/upstreams/{upstreams}/targets/{targets}/{address}/healthy", "/upstreams/{upstreams}/targets/{targets}/{address}/unhealthy"]);
  for (const [name, kind] of TOP_LEVEL) {
    out.add(`/${name}`);
    out.add(`/${name}/{${kind}}`);
    for (const [field] of FOREIGN.get(kind) ?? []) out.add(`/${name}/{${kind}}/${field}`);
  }
  for (const [parent, nested] of NESTED) {
    const p = adminName(SCHEMAS[parent]);
    for (const [path, { kind }] of nested) {
      out.add(`/${p}/{${parent}}/${path}`);
      out.add(`/${p}/{${parent}}/${path}/{${kind}}`);
    }
  }
  const key = (s: string) => s.replaceAll("/", "\x00");
  return [...out].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
