// Drift between Signpost's registrations and the gateway: what Signpost applied (kept with each
// registration) against the Signpost-tagged entities the gateway holds now. Pure: the caller
// reads both sides.
import type { KongPlugin, KongRoute, KongService } from "../kong";
import { tagMap } from "../kong/reshape/tags";
import { stableStringify } from "../catalog/merge-contributions";
import type { AppliedKongState } from "./kong-state";

/** One registration's drift: what differs, in words. */
export type RegistrationDrift = { name: string; issues: string[] };

/** The gateway's Signpost-tagged entities. */
export type TaggedEntities = { services: KongService[]; routes: KongRoute[]; plugins: KongPlugin[] };

export type DriftReport = {
  /** registrations whose entities are missing or were changed outside Signpost */
  drifted: RegistrationDrift[];
  /** Signpost-tagged entities that no live registration claims, as "kind name" */
  orphans: string[];
};

const same = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);
const list = (v: string[] | null | undefined) => (v && v.length ? [...v].sort() : null);

/**
 * Compares live registrations (name -> applied state) with the tagged entities; `busy` names
 * (a change in progress) are skipped on both sides.
 */
export function findDrift(registrations: Map<string, AppliedKongState | null>, gateway: TaggedEntities, busy: Set<string> = new Set()): DriftReport {
  const services = new Map(gateway.services.map((s) => [s.id, s]));
  const routes = new Map(gateway.routes.map((r) => [r.id, r]));
  const plugins = new Map(gateway.plugins.map((p) => [p.id, p]));
  const claimed = new Set<string>();
  const drifted: RegistrationDrift[] = [];

  for (const [name, applied] of registrations) {
    if (busy.has(name) || !applied) continue;
    const issues: string[] = [];
    const svc = services.get(applied.service.id);
    claimed.add(applied.service.id);
    if (!svc) issues.push(`service ${name} is missing from the gateway`);
    else {
      for (const f of ["protocol", "host", "port", "path"] as const) {
        if (!same(svc[f], applied.service[f])) issues.push(`service ${f} is ${JSON.stringify(svc[f])}, registered ${JSON.stringify(applied.service[f])}`);
      }
    }
    const route = routes.get(applied.route.id);
    claimed.add(applied.route.id);
    if (!route) issues.push(`route ${name} is missing from the gateway`);
    else {
      if (route.service?.id !== applied.route.service) issues.push(`route points at service ${route.service?.id ?? "none"}, registered ${applied.route.service}`);
      for (const f of ["paths", "hosts", "methods"] as const) {
        if (!same(list(route[f]), list(applied.route[f]))) issues.push(`route ${f} are ${JSON.stringify(route[f] ?? [])}, registered ${JSON.stringify(applied.route[f] ?? [])}`);
      }
      if ((route.strip_path ?? true) !== applied.route.strip_path) issues.push(`route strip_path is ${route.strip_path}, registered ${applied.route.strip_path}`);
    }
    for (const p of applied.plugins) {
      claimed.add(p.id);
      const now = plugins.get(p.id);
      if (!now) issues.push(`plugin ${p.name} is missing from the gateway`);
      else if (!same(now.config, p.config)) issues.push(`plugin ${p.name} configuration was changed outside Signpost`);
      else if (!now.enabled) issues.push(`plugin ${p.name} was disabled outside Signpost`);
    }
    if (issues.length) drifted.push({ name, issues });
  }

  const orphans: string[] = [];
  const registered = (tags: string[] | null) => {
    const n = tagMap(tags).get("signpost-api");
    return n !== undefined && (registrations.has(n) || busy.has(n));
  };
  for (const s of gateway.services) if (!claimed.has(s.id) && !registered(s.tags)) orphans.push(`service ${s.name ?? s.id}`);
  for (const r of gateway.routes) if (!claimed.has(r.id) && !registered(r.tags)) orphans.push(`route ${r.name ?? r.id}`);
  for (const p of gateway.plugins) {
    if (claimed.has(p.id)) continue;
    const n = tagMap(p.tags).get("signpost-api");
    if (n !== undefined && busy.has(n)) continue;
    orphans.push(`plugin ${p.name} ${p.id}${n ? ` (of ${n})` : ""}`);
  }
  return { drifted, orphans };
}
