// Sources and their freshness, as the worker last reported them.
import type { PrismaClient, Source } from "../db/generated/client";
import type { TSource } from "../api/schemas/source";
import { ApiError } from "../api/errors";

function dto(s: Source): TSource {
  return {
    kind: s.kind as TSource["kind"],
    name: s.name,
    endpoint: s.endpoint,
    state: s.state as TSource["state"],
    lastEventAt: s.lastEventAt?.toISOString() ?? null,
    lastFullSyncAt: s.lastFullSyncAt?.toISOString() ?? null,
    lastError: s.lastError,
    lastErrorAt: s.lastErrorAt?.toISOString() ?? null,
    counts: (s.counts ?? {}) as Record<string, number>,
    heldDeletion: (s.heldDeletion ?? null) as TSource["heldDeletion"],
    info: (s.info ?? {}) as Record<string, unknown>,
    workerSeenAt: s.heartbeatAt?.toISOString() ?? null,
    resyncRequestedAt: s.resyncRequestedAt?.toISOString() ?? null,
  };
}

/** Every source, clusters first, by name. */
export async function listSources(prisma: PrismaClient): Promise<TSource[]> {
  return (await prisma.source.findMany({ orderBy: [{ kind: "asc" }, { name: "asc" }] })).map(dto);
}

/** Asks the worker to relist (cluster) or poll (gateway) a source now. */
export async function requestResync(prisma: PrismaClient, kind: string, name: string): Promise<TSource> {
  const s = await prisma.source.findUnique({ where: { kind_name: { kind, name } } });
  if (!s) throw new ApiError("not_found", `no ${kind} named "${name}"`);
  return dto(await prisma.source.update({ where: { id: s.id }, data: { resyncRequestedAt: new Date() } }));
}

/** Confirms the source's held deletion: the worker applies it on the resync this requests. */
export async function confirmDeletion(prisma: PrismaClient, kind: string, name: string): Promise<TSource> {
  const s = await prisma.source.findUnique({ where: { kind_name: { kind, name } } });
  if (!s) throw new ApiError("not_found", `no ${kind} named "${name}"`);
  if (!s.heldDeletion) throw new ApiError("conflict", `${kind} "${name}" has no held deletion to confirm`);
  const now = new Date();
  return dto(await prisma.source.update({ where: { id: s.id }, data: { deletionConfirmedAt: now, resyncRequestedAt: now } }));
}
