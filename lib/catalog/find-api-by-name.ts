// Stable links by name: /apis/by-name/{cluster}/{namespace}/{name} for an API of a cluster,
// /apis/by-name/{name} for a gateway API (registered, or a gateway route of no cluster). An id
// changes when an API is recreated; its name and place do not.
import type { PrismaClient } from "../db/generated/client";

export type ApiNameRef = { name: string; cluster?: string; namespace?: string };

/** The id of the API with this name (and cluster and namespace): a live one first, then the latest gone one; null if none. */
export async function findApiIdByName(prisma: PrismaClient, ref: ApiNameRef): Promise<string | null> {
  const where =
    ref.cluster !== undefined && ref.namespace !== undefined
      ? { name: ref.name, cluster: ref.cluster, namespace: ref.namespace }
      : { OR: [{ key: `api:${ref.name}` }, { name: ref.name, cluster: null }] };
  const rows = await prisma.api.findMany({ where, select: { id: true, key: true, goneAt: true, updatedAt: true }, take: 20 });
  const rank = (r: (typeof rows)[number]) => [r.goneAt ? 1 : 0, r.key === `api:${ref.name}` ? 0 : 1, -r.updatedAt.getTime()];
  rows.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return rows[0]?.id ?? null;
}

