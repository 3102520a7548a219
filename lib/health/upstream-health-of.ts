// Kong's health of the upstreams behind an API's gateway routes: a route's service names an
// upstream as its host (KIC does so for every Ingress backend), and the worker stores each such
// upstream's targets (upstream_health, lib/health/poll-upstream-health.ts).
import type { PrismaClient } from "../db/generated/client";
import type { TApi } from "../api/schemas/api";
import type { TUpstreamHealth } from "../api/schemas/health";

/** The gateway and host of each gateway exposure's service, once each. */
export function upstreamHostsOf(api: Pick<TApi, "exposures">): { gateway: string; host: string }[] {
  const out = new Map<string, { gateway: string; host: string }>();
  for (const e of api.exposures) {
    if (e.mode !== "Gateway") continue;
    const gateway = typeof e.details.gateway === "string" ? e.details.gateway : e.source.cluster;
    const upstream = typeof e.details.upstream === "string" ? e.details.upstream : null;
    const host = upstream ? hostOf(upstream) : null;
    if (host) out.set(`${gateway}\n${host}`, { gateway, host });
  }
  return [...out.values()];
}

/** The host name of a URL (no brackets), or null when it is not one. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return null;
  }
}

/** The stored health of the upstreams `api`'s gateway services point at. */
export async function upstreamHealthOf(prisma: PrismaClient, api: Pick<TApi, "exposures">): Promise<TUpstreamHealth[]> {
  const hosts = upstreamHostsOf(api);
  if (!hosts.length) return [];
  const rows = await prisma.upstreamHealth.findMany({ where: { OR: hosts.map((h) => ({ gateway: h.gateway, name: h.host })) }, orderBy: [{ gateway: "asc" }, { name: "asc" }] });
  return rows.map((r) => ({ gateway: r.gateway, upstream: r.name, checkedAt: r.checkedAt.toISOString(), error: r.error, targets: r.targets as TUpstreamHealth["targets"] }));
}
