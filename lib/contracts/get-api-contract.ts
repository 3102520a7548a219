// Reads an API's contract (by API id): the current version or a given one, with its bytes.
import type { PrismaClient } from "../db/generated/client";
import { ApiError } from "../api/errors";
import type { TContractVersion } from "../api/schemas/contract";
import type { BreakingChange } from "./find-breaking-changes";

export type ApiContract = TContractVersion & { apiId: string; apiKey: string; document: Buffer; contentType: string };

/** The API key of an API id; 404 when there is no such API. */
export async function apiKeyOf(prisma: PrismaClient, apiId: string): Promise<{ key: string; name: string; team: string | null }> {
  const api = await prisma.api.findUnique({ where: { id: apiId }, select: { key: true, name: true, team: true } });
  if (!api) throw new ApiError("not_found", `no API with id ${apiId}`);
  return api;
}

/** Content-Type a stored document is served with. */
export function contractContentType(format: string): string {
  return format === "json" ? "application/json" : "application/yaml";
}

/**
 * The contract of the API `apiId` at `version` (default: current); null when the API has none
 * (or not that version). 404 (ApiError) when there is no such API.
 */
export async function getApiContract(prisma: PrismaClient, apiId: string, version?: number): Promise<ApiContract | null> {
  const { key } = await apiKeyOf(prisma, apiId);
  return getContractByKey(prisma, apiId, key, version);
}

/** As getApiContract, for an API key (a contract may exist before its API row). */
export async function getContractByKey(prisma: PrismaClient, apiId: string, apiKey: string, version?: number): Promise<ApiContract | null> {
  const current = await prisma.apiContract.findUnique({ where: { apiKey } });
  const wanted = version ?? current?.version;
  if (!wanted) return null;
  const row = await prisma.apiContractVersion.findUnique({ where: { apiKey_version: { apiKey, version: wanted } } });
  if (!row) return null;
  return {
    apiId,
    apiKey,
    version: row.version,
    hash: row.hash,
    format: row.format as "json" | "yaml",
    openapi: row.openapi,
    origin: row.origin as TContractVersion["origin"],
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    breaking: row.breaking as BreakingChange[],
    document: Buffer.from(row.document),
    contentType: contractContentType(row.format),
  };
}
