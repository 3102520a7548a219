// The registrations made from Service annotations (origin "annotation"): what is registered,
// read with SQL at every registrar pass. Writing them needs Prisma
// (annotation-registration-writes.ts, loaded by the registrar with the first one).
import type { SqlDb } from "../db/pool";

export type AnnotationRegistration = { key: string; gateway: string; name: string; spec: unknown };

export const ACTOR = "annotation:";

/** Active annotation registrations by Service key (cluster/namespace/name). */
export async function loadAnnotationRegistrations(db: SqlDb): Promise<Map<string, AnnotationRegistration>> {
  // SQL, not Prisma: the worker reads these at every registrar pass, and a worker whose Services
  // register nothing then never loads Prisma (its client, adapter and query compiler).
  const { rows } = await db.pool.query<{ registered_by: string; gateway: string; name: string; spec: unknown }>(
    `SELECT registered_by, gateway, name, spec FROM registrations WHERE origin = 'annotation' AND deleted_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.registered_by.slice(ACTOR.length), { key: r.registered_by.slice(ACTOR.length), gateway: r.gateway, name: r.name, spec: r.spec }]));
}
