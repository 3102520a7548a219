// The balancer's view of target health (kong/runloop/balancer/healthcheckers.lua), kept in memory
// as Kong keeps it in shared memory: not part of the configuration, lost on restart. An upstream
// "uses health checks" when an active interval or a passive failure threshold is set; only then
// can targets be marked, and only then does an UNHEALTHY address stop receiving traffic.
import type { Entity } from "./types";
import { normalizeAddress } from "./schemas/validators";

/** One balancer address of a target. */
export type AddressHealth = { ip: string; port: number; weight: number; health: "HEALTHY" | "UNHEALTHY" | "HEALTHCHECKS_OFF" };

type Checks = { active: { healthy: { interval: number }; unhealthy: { interval: number } }; passive: { unhealthy: Record<string, number> } };

/** is_upstream_using_healthcheck. */
export function usesHealthchecks(upstream: Entity): boolean {
  const c = upstream.healthchecks as Checks | null;
  if (!c) return false;
  const p = c.passive.unhealthy;
  return c.active.healthy.interval !== 0 || c.active.unhealthy.interval !== 0 || p.tcp_failures !== 0 || p.timeouts !== 0 || p.http_failures !== 0;
}

/** host and port of a stored target ("10.0.0.1:80", "[::1]:8000", "svc.local:8080"). */
export function splitTarget(target: string): { host: string; port: number } {
  const r = normalizeAddress(target);
  if ("error" in r) return { host: target, port: 8000 };
  return { host: r.host, port: r.port ?? 8000 };
}

/** Health marks per upstream id, keyed "host:port". */
export class TargetHealth {
  private readonly marks = new Map<string, Map<string, boolean>>();

  /** Marks one address (or every address of a hostname) healthy or not. */
  set(upstreamId: string, host: string, port: number, healthy: boolean): void {
    const m = this.marks.get(upstreamId) ?? new Map<string, boolean>();
    m.set(`${host}:${port}`, healthy);
    this.marks.set(upstreamId, m);
  }

  /** Forgets an upstream's marks (deleted or recreated: Kong builds a new balancer). */
  clear(upstreamId: string): void {
    this.marks.delete(upstreamId);
  }

  /** The addresses of a target as /upstreams/{u}/health shows them. */
  addresses(upstream: Entity, target: Entity): AddressHealth[] {
    const { host, port } = splitTarget(target.target as string);
    const weight = target.weight as number;
    if (!usesHealthchecks(upstream) || weight === 0) return [{ ip: host, port, weight, health: "HEALTHCHECKS_OFF" }];
    const healthy = this.marks.get(upstream.id)?.get(`${host}:${port}`) ?? true;
    return [{ ip: host, port, weight, health: healthy ? "HEALTHY" : "UNHEALTHY" }];
  }

  /** Whether the balancer may pick this target now. */
  available(upstream: Entity, target: Entity): boolean {
    if ((target.weight as number) === 0) return false;
    return this.addresses(upstream, target).some((a) => a.health !== "UNHEALTHY");
  }
}
