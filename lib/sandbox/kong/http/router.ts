import type { EntityKind } from "../types";

/** The parent of a nested endpoint: /services/{key}/routes has parent { services, key, "service" }. */
export type ParentRef = { kind: EntityKind; key: string; field: string };

/** A matched Admin API path. */
export type ApiRoute =
  | { type: "root" }
  | { type: "status" }
  | { type: "config" }
  | { type: "tags"; tag?: string }
  | { type: "plugins-enabled" }
  | { type: "collection"; kind: EntityKind; parent?: ParentRef }
  | { type: "entity"; kind: EntityKind; key: string; parent?: ParentRef }
  | { type: "route-service"; routeKey: string }
  | { type: "upstream-health"; upstreamKey: string };

const COLLECTION = ["GET", "POST"];
const ENTITY = ["GET", "PUT", "PATCH", "DELETE"];

/** Methods each kind of path defines (HEAD and OPTIONS are implied). */
export function allowedMethods(route: ApiRoute): string[] {
  switch (route.type) {
    case "collection": return COLLECTION;
    case "config": return COLLECTION;
    case "entity":
    case "route-service": return ENTITY;
    default: return ["GET"];
  }
}

/** First path segments that are Admin API resources, i.e. not an enterprise workspace name. */
export const RESOURCE_SEGMENTS = new Set([
  "services", "routes", "upstreams", "targets", "plugins", "tags", "config", "status", "schemas", "workspaces",
]);

const TOP_LEVEL = new Set<string>(["services", "routes", "upstreams", "plugins"]);

const NESTED: Record<string, Record<string, { kind: EntityKind; field: string }>> = {
  services: { routes: { kind: "routes", field: "service" }, plugins: { kind: "plugins", field: "service" } },
  routes: { plugins: { kind: "plugins", field: "route" } },
  upstreams: { targets: { kind: "targets", field: "upstream" } },
};

/** Matches decoded path segments (no workspace prefix) to a route; null means 404. */
export function matchRoute(s: readonly string[]): ApiRoute | null {
  const [a, b, c, d] = s;
  if (s.length === 0) return { type: "root" };
  if (s.length === 1) {
    if (a === "status" || a === "config") return { type: a };
    if (a === "tags") return { type: "tags" };
    return TOP_LEVEL.has(a) ? { type: "collection", kind: a as EntityKind } : null;
  }
  if (s.length === 2) {
    if (a === "tags") return { type: "tags", tag: b };
    if (a === "plugins" && b === "enabled") return { type: "plugins-enabled" };
    return TOP_LEVEL.has(a) ? { type: "entity", kind: a as EntityKind, key: b } : null;
  }
  if (!TOP_LEVEL.has(a)) return null;
  if (s.length === 3 && a === "routes" && c === "service") return { type: "route-service", routeKey: b };
  if (s.length === 3 && a === "upstreams" && c === "health") return { type: "upstream-health", upstreamKey: b };
  const nested = NESTED[a]?.[c];
  if (!nested) return null;
  const parent: ParentRef = { kind: a as EntityKind, key: b, field: nested.field };
  if (s.length === 3) return { type: "collection", kind: nested.kind, parent };
  if (s.length === 4 && a === "upstreams" && d === "all") return { type: "collection", kind: "targets", parent };
  if (s.length === 4) return { type: "entity", kind: nested.kind, key: d, parent };
  return null;
}
