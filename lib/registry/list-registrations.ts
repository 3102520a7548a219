// The active registrations (what the CLI's `apply` plans against).
import type { PrismaClient } from "../db/generated/client";
import type { TRegistrationRecord } from "../api/schemas/registration-record";

/** Active registrations matching the filters, by gateway and name. */
export async function listRegistrations(
  prisma: PrismaClient,
  f: { gateway?: string; name?: string; team?: string; microservice?: string; origin?: string },
): Promise<TRegistrationRecord[]> {
  const rows = await prisma.registration.findMany({
    where: { deletedAt: null, ...(f.gateway ? { gateway: f.gateway } : {}), ...(f.name ? { name: f.name } : {}), ...(f.team ? { team: f.team } : {}), ...(f.microservice ? { microservice: f.microservice } : {}), ...(f.origin ? { origin: f.origin } : {}) },
    orderBy: [{ gateway: "asc" }, { name: "asc" }],
  });
  const apis = await prisma.api.findMany({ where: { key: { in: rows.map((r) => `api:${r.name}`) } }, select: { id: true, key: true } });
  const ids = new Map(apis.map((a) => [a.key, a.id]));
  const contracts = await prisma.apiContract.findMany({ where: { apiKey: { in: rows.map((r) => `api:${r.name}`) }, version: { gt: 0 } }, select: { apiKey: true, hash: true } });
  const hashes = new Map(contracts.map((c) => [c.apiKey, c.hash]));
  return rows.map((r) => ({
    gateway: r.gateway,
    name: r.name,
    spec: r.spec as TRegistrationRecord["spec"],
    origin: r.origin as TRegistrationRecord["origin"],
    registeredBy: r.registeredBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    apiId: ids.get(`api:${r.name}`) ?? null,
    contractHash: hashes.get(`api:${r.name}`) ?? null,
    drift: r.drift && r.driftCheckedAt ? { issues: (r.drift as { issues: string[] }).issues, checkedAt: r.driftCheckedAt.toISOString() } : null,
  }));
}
