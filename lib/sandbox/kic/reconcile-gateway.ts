// decK's sync in DB-backed mode, reduced to what the sandbox controller needs: bring the
// entities that carry the select tag in line with the desired state (create, update only what
// differs, delete what nothing produces any more) and never touch an entity without the tag,
// such as the routes Signpost registers itself.
import type { Entity, GatewayStore } from "../kong/index";
import { SELECT_TAG, type DesiredRoute, type DesiredState } from "./types";

/** What one reconciliation did; `errors` holds the writes Kong refused (e.g. a name taken by an unmanaged entity). */
export type SyncReport = { created: number; updated: number; deleted: number; errors: string[] };

type Fields = Record<string, unknown>;

const managed = (e: Entity | null): e is Entity => Array.isArray(e?.tags) && (e.tags as string[]).includes(SELECT_TAG);
const tagged = (tags: string[]) => (tags.includes(SELECT_TAG) ? tags : [...tags, SELECT_TAG]);

/** The fields whose stored value differs from the wanted one; null when none does. */
function changes(current: Entity, wanted: Fields): Fields | null {
  const out: Fields = {};
  for (const [k, v] of Object.entries(wanted)) if (JSON.stringify(current[k] ?? null) !== JSON.stringify(v ?? null)) out[k] = v;
  return Object.keys(out).length ? out : null;
}

function routeFields(r: DesiredRoute): Fields {
  const { id: _id, service, protocols, ...rest } = r;
  // Unset protocols are Kong's default; comparing against it keeps an unchanged route unwritten.
  return { ...rest, service: { id: service }, protocols: protocols ?? ["http", "https"], tags: tagged(r.tags) };
}

/** Applies `desired` to the default workspace of `store`; see SyncReport. */
export function reconcileGateway(store: GatewayStore, desired: DesiredState): SyncReport {
  const report: SyncReport = { created: 0, updated: 0, deleted: 0, errors: [] };
  const attempt = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      report.errors.push(`${what}: ${(err as Error).message}`);
    }
  };
  /** Creates, or updates what differs; an unmanaged entity in the way is left alone and reported. */
  const put = (kind: "services" | "routes" | "upstreams", key: string, fields: Fields, insert: Fields, opts = {}) => attempt(`${kind} ${key}`, () => {
    const current = store.get(kind, key, opts);
    if (current && !managed(current)) throw new Error("exists without the select tag; left alone");
    if (!current) {
      store.insert(kind, insert, opts);
      report.created++;
      return;
    }
    const diff = changes(current, fields);
    if (diff) {
      store.update(kind, current.id, diff, opts);
      report.updated++;
    }
  });
  const remove = (kind: "services" | "routes" | "upstreams" | "targets" | "certificates", e: Entity, opts = {}) =>
    attempt(`delete ${kind} ${e.name ?? e.target ?? e.id}`, () => {
      store.remove(kind, e.id, opts);
      report.deleted++;
    });

  const serviceIds = new Map(desired.services.map((s) => [s.name, s.id]));
  for (const s of desired.services) {
    const { id, ...fields } = { ...s, tags: tagged(s.tags) };
    put("services", id, fields, { id, ...fields });
  }
  for (const u of desired.upstreams) {
    const fields = { algorithm: u.algorithm, tags: tagged(u.tags) };
    put("upstreams", u.name, fields, { name: u.name, ...fields });
    const up = store.get("upstreams", u.name);
    if (!managed(up)) continue;
    const scope = { upstream: up.id };
    const current = store.list("targets", scope);
    for (const t of u.targets) {
      const fields = { weight: t.weight, tags: [SELECT_TAG] };
      const existing = current.find((e) => e.target === t.target);
      if (existing && !managed(existing)) continue;
      attempt(`target ${u.name} ${t.target}`, () => {
        if (!existing) {
          store.insert("targets", { target: t.target, ...fields }, scope);
          report.created++;
        } else if (changes(existing, fields)) {
          store.update("targets", existing.id, fields, scope);
          report.updated++;
        }
      });
    }
    for (const e of current) if (managed(e) && !u.targets.some((t) => t.target === e.target)) remove("targets", e, scope);
  }
  for (const r of desired.routes) {
    const fields = routeFields({ ...r, service: serviceIds.get(r.service)! });
    const insert: Fields = { id: r.id, ...fields };
    // Left out unless an annotation set them, so Kong applies its own default (KIC leaves it unset).
    if (!r.protocols) delete insert.protocols;
    put("routes", r.id, fields, insert);
  }

  for (const c of desired.certificates) {
    attempt(`certificate ${c.id}`, () => {
      const current = store.get("certificates", c.id);
      if (current && !managed(current)) throw new Error("exists without the select tag; left alone");
      const snis = store.list("snis").filter((s) => (s.certificate as { id: string }).id === c.id).map((s) => s.name as string).sort();
      const fields = { cert: c.cert, key: c.key, tags: tagged(c.tags) };
      if (!current) {
        store.insert("certificates", { id: c.id, ...fields, snis: c.snis });
        report.created++;
      } else if (changes(current, fields) || JSON.stringify(snis) !== JSON.stringify([...c.snis].sort())) {
        store.update("certificates", c.id, { ...fields, snis: c.snis });
        report.updated++;
      }
    });
  }

  // Deletions last, routes before the services they reference.
  const wanted = (list: { id?: string; name: string }[]) => new Set(list.flatMap((x) => [x.id, x.name]));
  const [routes, services, upstreams] = [wanted(desired.routes), wanted(desired.services), wanted(desired.upstreams)];
  for (const e of store.list("routes")) if (managed(e) && !routes.has(e.id)) remove("routes", e);
  for (const e of store.list("services")) if (managed(e) && !services.has(e.id)) remove("services", e);
  for (const e of store.list("upstreams")) if (managed(e) && !upstreams.has(e.name as string)) remove("upstreams", e);
  const certs = new Set(desired.certificates.map((c) => c.id));
  for (const e of store.list("certificates")) if (managed(e) && !certs.has(e.id)) remove("certificates", e);
  return report;
}
