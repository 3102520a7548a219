// Reads the audit log, newest first, with keyset pagination on the entry id.
import type { PrismaClient } from "../db/generated/client";

export type AuditPage = {
  data: { id: string; at: string; actor: string; action: string; target: string; before: unknown; after: unknown }[];
  nextCursor: string | null;
};

/** Entries older than `cursor` (an entry id), filtered by actor and action prefix. */
export async function findAudit(prisma: PrismaClient, q: { limit: number; cursor?: string; actor?: string; action?: string }): Promise<AuditPage> {
  const rows = await prisma.auditEntry.findMany({
    where: {
      ...(q.cursor ? { id: { lt: BigInt(q.cursor) } } : {}),
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: { startsWith: q.action } } : {}),
    },
    orderBy: { id: "desc" },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    data: page.map((r) => ({ id: r.id.toString(), at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, before: r.before, after: r.after })),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id.toString() : null,
  };
}
