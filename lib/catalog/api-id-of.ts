// An API named the ways a caller knows it: its id, its key (k8s:<cluster>/<ns>/<name>, api:<name>,
// kong:<gateway>/<route id>) or its name (with the cluster when several clusters have one).
import type { Db } from "../db/client";
import { ApiError } from "../api/errors";
import { isUuid } from "../api/schemas/common";
import { resolveApi } from "../resolve/resolve-api";

const KEY = /^(k8s|api|kong):/;

/**
 * The id of the API `ref` names: an id or key (gone APIs included), else a live API's name as
 * resolve finds it (404 unknown; 409 when several clusters have one, naming them).
 */
export async function apiIdOf(db: Db, ref: string, cluster?: string): Promise<string> {
  if (isUuid(ref)) {
    const row = await db.prisma.api.findUnique({ where: { id: ref }, select: { id: true } });
    if (!row) throw new ApiError("not_found", `no API with id ${ref}`);
    return row.id;
  }
  if (KEY.test(ref)) {
    const row = await db.prisma.api.findUnique({ where: { key: ref }, select: { id: true } });
    if (row) return row.id;
  }
  return (await resolveApi(db.pool, ref, cluster)).id;
}
