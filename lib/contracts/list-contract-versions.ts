// The versions of an API's contract, newest first, and where the worker fetches it from.
import type { PrismaClient } from "../db/generated/client";
import type { TContractVersion, TContractVersionList } from "../api/schemas/contract";
import { apiKeyOf } from "./get-api-contract";

/** Every stored version of the contract of API `apiId` (without documents); 404 for an unknown API. */
export async function listContractVersions(prisma: PrismaClient, apiId: string): Promise<TContractVersionList> {
  const { key } = await apiKeyOf(prisma, apiId);
  const [rows, current] = await Promise.all([
    prisma.apiContractVersion.findMany({
      where: { apiKey: key },
      orderBy: { version: "desc" },
      select: { version: true, hash: true, format: true, openapi: true, origin: true, author: true, createdAt: true, breaking: true },
    }),
    prisma.apiContract.findUnique({ where: { apiKey: key } }),
  ]);
  return {
    data: rows.map((r) => ({ ...r, format: r.format as "json" | "yaml", origin: r.origin as TContractVersion["origin"], createdAt: r.createdAt.toISOString(), breaking: r.breaking as TContractVersion["breaking"] })),
    sourceUrl: current?.sourceUrl ?? null,
    fetchedAt: current?.fetchedAt?.toISOString() ?? null,
    fetchError: current?.fetchError ?? null,
  };
}
