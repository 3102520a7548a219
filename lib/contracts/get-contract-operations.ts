// The operations of an API's contract, for readers that want the operations rather than the
// document (MCP's get_api, summaries), with what identifies the version they come from.
import type { PrismaClient } from "../db/generated/client";
import { getApiContract } from "./get-api-contract";
import { listOperations, type ContractOperation } from "./list-operations";
import { parseContract } from "./parse-contract";

export type ContractOperations = {
  version: number;
  hash: string;
  format: "json" | "yaml";
  contentType: string;
  openapi: string;
  createdAt: string;
  title: string | null;
  operations: ContractOperation[];
};

/** The current (or given) version's operations of API `apiId`; null without a contract, 404 for an unknown API. */
export async function getContractOperations(prisma: PrismaClient, apiId: string, version?: number): Promise<ContractOperations | null> {
  const c = await getApiContract(prisma, apiId, version);
  if (!c) return null;
  // Stored documents passed validation when they were stored.
  const { document } = await parseContract(c.document, c.format);
  const info = document.info as { title?: unknown } | undefined;
  return {
    version: c.version,
    hash: c.hash,
    format: c.format,
    contentType: c.contentType,
    openapi: c.openapi,
    createdAt: c.createdAt,
    title: typeof info?.title === "string" ? info.title : null,
    operations: listOperations(document),
  };
}
