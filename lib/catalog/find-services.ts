// Kubernetes Services in the catalog, for choosing a registration's upstream.
import type { PrismaClient } from "../db/generated/client";
import type { ServiceInfo } from "./types";

export type ServiceOption = { cluster: string; namespace: string; name: string; type: string; ports: { port: number; name: string | null }[] };

/** Services whose cluster, namespace or name contains `q` (at most `limit`). */
export async function findServices(prisma: PrismaClient, q: string | undefined, limit: number): Promise<ServiceOption[]> {
  const term = q?.trim();
  const rows = await prisma.sourceObject.findMany({
    where: {
      kind: "Service",
      goneAt: null,
      ...(term ? { OR: [{ name: { contains: term } }, { namespace: { contains: term } }] } : {}),
    },
    include: { source: { select: { name: true } } },
    orderBy: [{ namespace: "asc" }, { name: "asc" }],
    take: limit,
  });
  return rows.map((r) => {
    const svc = r.data as unknown as ServiceInfo;
    return {
      cluster: r.source.name,
      namespace: r.namespace,
      name: r.name,
      type: svc.type,
      ports: svc.ports.map((p) => ({ port: p.port, name: p.name ?? null })),
    };
  });
}
