// Whether a new route would shadow one that already exists on the gateway: the same path on an
// overlapping host set (no hosts = any host) with overlapping methods (none = all methods).
import { displayPaths } from "../catalog/derive-gateway-exposures";

export type RouteOrigin = { kind: string; namespace: string; name: string };

export type RouteShape = {
  id?: string;
  name: string | null;
  hosts: string[] | null;
  paths: string[] | null;
  methods: string[] | null;
  /** the Kubernetes object a controller made the route from */
  origin?: RouteOrigin | null;
};

const sameOrigin = (a?: RouteOrigin | null, b?: RouteOrigin | null) => Boolean(a && b && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name);

/** The first existing route `mine` conflicts with (routes named like `mine`, or made from its object, excluded). */
export function findRouteConflict(existing: RouteShape[], mine: RouteShape): { route: RouteShape; path: string; host: string | null } | undefined {
  const myPaths = new Set(displayPaths(mine.paths ?? []));
  for (const r of existing) {
    if (r.name && r.name === mine.name) continue;
    if (sameOrigin(r.origin, mine.origin)) continue;
    const host = overlap(mine.hosts, r.hosts);
    if (host === false) continue;
    if (overlap(mine.methods, r.methods) === false) continue;
    const path = displayPaths(r.paths ?? []).find((p) => myPaths.has(p));
    if (path) return { route: r, path, host };
  }
  return undefined;
}

/** false when disjoint; otherwise a shared value, or null when one side matches everything. */
function overlap(a: string[] | null, b: string[] | null): string | null | false {
  if (!a?.length || !b?.length) return null;
  const set = new Set(a.map((x) => x.toLowerCase()));
  return b.find((x) => set.has(x.toLowerCase())) ?? false;
}
