// The operations of an API's current contract, for readers that want the operations rather than
// the document (MCP, summaries).
import type { PrismaClient } from "../db/generated/client";
import { getApiContract } from "./get-api-contract";
import { listOperations, type ContractOperation } from "./list-operations";
import { parseContract } from "./parse-contract";

/** The current (or given) version's operations of API `apiId`; null without a contract, 404 for an unknown API. */
export async function getContractOperations(prisma: PrismaClient, apiId: string, version?: number): Promise<{ version: number; title: string | null; operations: ContractOperation[] } | null> {
  const c = await getApiContract(prisma, apiId, version);
  if (!c) return null;
  // Stored documents passed validation when they were stored.
  const { document } = await parseContract(c.document, c.format);
  const info = document.info as { title?: unknown } | undefined;
  return { version: c.version, title: typeof info?.title === "string" ? info.title : null, operations: listOperations(document) };
}
