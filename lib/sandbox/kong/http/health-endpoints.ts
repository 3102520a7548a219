import { KongApiError, notFound } from "../api-error";
import { selectEntity } from "../entity-ops";
import { decodeOffset, paginate, parsePageSize } from "../pagination";
import { splitTarget, usesHealthchecks } from "../target-health";
import type { Entity } from "../types";
import { isUuid } from "../uuid";
import { type ApiRequest, type GatewayContext, present } from "./context";
import type { Reply } from "./reply";

const upstreamOf = (t: Entity) => (t.upstream as { id: string }).id;

/**
 * An upstream's targets in id order, through the table's index on `upstream`: a scan of every
 * target per request cost the sandbox 0.3-0.9 s at 100k upstreams, as often as the prober asked.
 */
function targetsOf(ws: { table(kind: "targets"): { where(field: string, value: unknown): Entity[] } }, upstreamId: string): Entity[] {
  return ws.table("targets").where("upstream", upstreamId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * GET /upstreams/{u}/health (kong/api/routes/upstreams.lua, targets DAO
 * page_for_upstream_with_health): each target with its health and balancer data, paged; with
 * ?balancer_health=1 the balancer's own summary.
 */
export function handleUpstreamHealth(ctx: GatewayContext, req: ApiRequest, upstreamKey: string): Reply {
  const ws = ctx.store.workspace(req.workspace);
  const up = selectEntity(ws, "upstreams", upstreamKey);
  if (!up) throw notFound();
  const targets = targetsOf(ws, up.id);
  const health = ctx.store.health;
  const hc = usesHealthchecks(up);
  if (req.query.get("balancer_health") === "1") {
    const available = targets.filter((t) => health.available(up, t)).reduce((n, t) => n + (t.weight as number), 0);
    const total = targets.reduce((n, t) => n + (t.weight as number), 0);
    const balancerHealth = available > 0 ? "HEALTHY" : "UNHEALTHY";
    return {
      status: 200,
      body: {
        data: {
          health: hc ? balancerHealth : "HEALTHCHECKS_OFF", balancer_health: balancerHealth, id: up.id,
          details: { healthy: available > 0, weight: { total, available, unavailable: total - available }, hosts: targets.map((t) => targetStatus(ctx, up, t)) },
        },
        next: null, node_id: ctx.nodeId,
      },
    };
  }
  const { size } = parsePageSize(req.query.get("size"));
  const rawOffset = req.query.get("offset");
  const { page, nextOffset } = paginate(targets, (t) => [t.id], size, rawOffset !== null ? decodeOffset(rawOffset) : null);
  const data = page.map((t) => {
    const status = targetStatus(ctx, up, t);
    const states = status.addresses.map((a) => a.health);
    const targetHealth = states.includes("HEALTHY") ? "HEALTHY" : states.includes("UNHEALTHY") ? "UNHEALTHY" : "HEALTHCHECKS_OFF";
    return { ...present(ctx, ws, "targets", t), health: targetHealth, data: status };
  });
  const next = nextOffset ? `${req.prefix}/upstreams/${encodeURIComponent(upstreamKey)}/health?offset=${encodeURIComponent(nextOffset)}` : null;
  return { status: 200, body: { data, ...(nextOffset ? { offset: nextOffset } : {}), next, node_id: ctx.nodeId } };
}

// balancer:getTargetStatus.
function targetStatus(ctx: GatewayContext, up: Entity, t: Entity) {
  const { host, port } = splitTarget(t.target as string);
  const addresses = ctx.store.health.addresses(up, t);
  const weight = t.weight as number;
  const unavailable = addresses.filter((a) => a.health === "UNHEALTHY").reduce((n, a) => n + a.weight, 0);
  return {
    host, port, dns: isIpLiteral(host) ? "IP address" : "A", nodeWeight: weight,
    weight: { total: weight, unavailable, available: weight - unavailable }, addresses,
  };
}

const isIpLiteral = (h: string) => /^[\d.]+$/.test(h) || h.includes(":");

/**
 * PUT /upstreams/{u}/targets/{t}[/{address}]/healthy|unhealthy (set_target_health): 204, or 400
 * "no healthchecker found for <name>" when the upstream uses no health checks.
 */
export function handleTargetHealthWrite(
  ctx: GatewayContext, req: ApiRequest, route: { upstreamKey: string; targetKey: string; address?: string; healthy: boolean },
): Reply {
  if (req.method !== "PUT") throw new KongApiError(405, { message: "Method not allowed" });
  const ws = ctx.store.workspace(req.workspace);
  const up = selectEntity(ws, "upstreams", route.upstreamKey);
  if (!up) throw notFound();
  const target = isUuid(route.targetKey)
    ? selectEntity(ws, "targets", route.targetKey)
    : targetsOf(ws, up.id).find((t) => t.target === route.targetKey);
  if (!target || upstreamOf(target) !== up.id) throw notFound();
  if (!usesHealthchecks(up)) throw new KongApiError(400, { message: `no healthchecker found for ${up.name as string}` });
  const { host, port } = splitTarget(target.target as string);
  const addr = route.address ? splitTarget(route.address) : { host, port };
  ctx.store.health.set(up.id, route.address ? addr.host : host, route.address ? addr.port : port, route.healthy);
  return { status: 204 };
}
