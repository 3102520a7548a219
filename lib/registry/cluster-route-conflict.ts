// Whether a registration through a cluster would shadow a rule that already routes the same
// host and path there: every Ingress and HTTPRoute the cluster's sync holds, read as the Kong
// Ingress Controller turns them into routes (Ingress "/~" paths are regexes).
import type pg from "pg";
import type { HTTPRouteInfo, IngressInfo } from "../catalog/types";
import { findRouteConflict, type RouteShape } from "./route-conflict";

type Queryable = Pick<pg.Pool, "query">;

/** The route shapes of the cluster's Ingresses and HTTPRoutes, except `own` (kind/namespace/name). */
export async function clusterRouteShapes(db: Queryable, cluster: string, own: { kind: string; namespace: string; name: string } | null): Promise<RouteShape[]> {
  const { rows } = await db.query<{ kind: string; data: IngressInfo | HTTPRouteInfo }>(
    `SELECT o.kind, o.data FROM source_objects o JOIN sources s ON s.id = o.source_id
      WHERE s.kind = 'cluster' AND s.name = $1 AND o.kind IN ('Ingress', 'HTTPRoute') AND o.gone_at IS NULL`,
    [cluster],
  );
  const out: RouteShape[] = [];
  for (const { kind, data } of rows) {
    if (own && own.kind === kind && own.namespace === data.namespace && own.name === data.name) continue;
    const name = `${kind} ${data.namespace}/${data.name}`;
    if (kind === "Ingress") {
      const ing = data as IngressInfo;
      const methods = ing.annotations["konghq.com/methods"]?.split(",").map((m) => m.trim().toUpperCase()).filter(Boolean) ?? null;
      for (const rule of ing.rules) {
        const paths = rule.paths.map((p) => (p.path.startsWith("/~") ? p.path.slice(1) : p.path));
        out.push({ name, hosts: rule.host ? [rule.host] : null, paths, methods: methods?.length ? methods : null });
      }
    } else {
      const route = data as HTTPRouteInfo;
      for (const rule of route.rules) {
        for (const m of rule.matches.length ? rule.matches : [{}]) {
          const p = (m as { path?: { type: string; value: string } }).path;
          const path = !p ? "/" : p.type === "RegularExpression" ? `~${p.value}` : p.value;
          const method = (m as { method?: string }).method;
          out.push({ name, hosts: route.hostnames.length ? route.hostnames : null, paths: [path], methods: method ? [method] : null });
        }
      }
    }
  }
  return out;
}

/** The first Ingress or HTTPRoute rule of `cluster` that `mine` conflicts with. */
export async function findClusterConflict(db: Queryable, cluster: string, mine: RouteShape, own: { kind: string; namespace: string; name: string }) {
  return findRouteConflict(await clusterRouteShapes(db, cluster, own), { ...mine, name: null });
}
