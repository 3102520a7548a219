// Each API's contract as an MCP resource, signpost://apis/{id}/contract: its read returns the
// OpenAPI text as stored, with its media type, through getApiContract (the lib function of
// GET /api/v1/apis/{id}/spec; the read rule is applied by the HTTP layer before any of this runs).
// resources/list pages over the APIs that have a contract (bounded pages, MCP's cursor), and
// get_api carries where the contract is and a bounded summary of its operations.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, ListResourcesRequestSchema, type ListResourcesResult, type Resource } from "@modelcontextprotocol/sdk/types.js";
import { ApiError, toApiError } from "../../api/errors";
import { isUuid } from "../../api/schemas/common";
import { apiKeyOf, getApiContract } from "../../contracts/get-api-contract";
import { getContractOperations } from "../../contracts/get-contract-operations";
import { listContractApis } from "../../contracts/list-contract-apis";
import type { McpContext } from "../mcp-context";

export const CONTRACT_URI_TEMPLATE = "signpost://apis/{id}/contract";
/** APIs per resources/list page. */
export const CONTRACT_RESOURCES_PAGE = 100;

const METADATA = {
  title: "API contract",
  description: "An API's OpenAPI document exactly as stored in Signpost (the bytes GET /api/v1/apis/{id}/spec serves); {id} is the API's id (search_apis and get_api give it)",
};

/** The resource URI of API `apiId`'s contract. */
export function contractUri(apiId: string): string {
  return CONTRACT_URI_TEMPLATE.replace("{id}", apiId);
}

/** The REST URL of API `apiId`'s contract. */
export function contractUrl(ctx: McpContext, apiId: string): string {
  return `${ctx.origin}/api/v1/apis/${apiId}/spec`;
}

/** Where API `apiId`'s contract is, which version, and its first `max` operations with their count; null without a contract. */
export async function contractSummary(ctx: McpContext, apiId: string, max: number): Promise<Record<string, unknown> | null> {
  const c = await getContractOperations(ctx.db.prisma, apiId);
  if (!c) return null;
  return {
    url: contractUrl(ctx, apiId),
    resource: contractUri(apiId),
    version: c.version,
    hash: c.hash,
    mimeType: c.contentType,
    openapi: c.openapi,
    title: c.title,
    updatedAt: c.createdAt,
    operationCount: c.operations.length,
    operations: c.operations.slice(0, max).map((o) => ({ method: o.method, path: o.path, operationId: o.operationId, summary: o.summary, ...(o.deprecated ? { deprecated: true } : {}) })),
  };
}

/** One page of contract resources. */
async function contractResources(ctx: McpContext, cursor?: string): Promise<{ resources: Resource[]; nextCursor?: string }> {
  const page = await listContractApis(ctx.db.pool, { limit: CONTRACT_RESOURCES_PAGE, cursor });
  return {
    resources: page.apis.map((a) => ({
      uri: contractUri(a.id),
      name: `${a.name} contract`,
      title: `${a.name}: OpenAPI contract v${a.version}`,
      description: `The OpenAPI document of ${a.name} (${a.key}), version ${a.version}`,
      mimeType: a.contentType,
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** A JSON-RPC error for `err`: its code and message on the wire as they are (no SDK prefix), REST's error body as data. */
function resourceError(err: unknown, ctx: McpContext): Error {
  let e = toApiError(err);
  if (e.code === "internal") {
    const raw = err as Error;
    ctx.log.error("mcp resource read failed", { error: raw?.message || String(err), stack: raw?.stack?.split("\n").slice(0, 6).join(" | ") });
    e = new ApiError("internal", `internal error; the server log has the details under request id ${ctx.requestId}`);
  }
  const code = e.code === "not_found" || e.code === "bad_request" ? ErrorCode.InvalidParams : ErrorCode.InternalError;
  return Object.assign(new Error(`${e.code}: ${e.message}`), { code, data: e.toBody().error });
}

/** Registers the contract resource template on `server` (which then advertises resources). */
export function registerContractResources(server: McpServer, ctx: McpContext): void {
  server.registerResource(
    "api-contract",
    new ResourceTemplate(CONTRACT_URI_TEMPLATE, { list: () => contractResources(ctx) }),
    METADATA,
    async (uri, variables) => {
      try {
        const id = variables.id;
        if (typeof id !== "string" || !isUuid(id)) {
          throw new ApiError("bad_request", `${uri.href}: "${String(id)}" is not an API id (a UUID, as search_apis and get_api give it)`);
        }
        const c = await getApiContract(ctx.db.prisma, id);
        if (!c) {
          const { name } = await apiKeyOf(ctx.db.prisma, id);
          throw new ApiError("not_found", `the API ${name} (${id}) has no contract yet (PUT /api/v1/apis/{id}/spec stores one)`);
        }
        // The stored bytes are UTF-8 (checked when stored); Buffer decoding keeps them all, a byte-order mark included.
        return { contents: [{ uri: uri.href, mimeType: c.contentType, text: c.document.toString("utf8"), _meta: { version: c.version, hash: c.hash } }] };
      } catch (err) {
        throw resourceError(err, ctx);
      }
    },
  );
  // The SDK's resources/list handler calls the template's list callback without the request's
  // cursor and drops nextCursor, so it could only ever show the first page: this handler replaces
  // it and pages with the same function. (The template above is the only resource source; its
  // list callback stays as the SDK's contract for listable templates.)
  server.server.setRequestHandler(ListResourcesRequestSchema, async (request): Promise<ListResourcesResult> => {
    try {
      const page = await contractResources(ctx, request.params?.cursor);
      return { ...page, resources: page.resources.map((r) => ({ ...METADATA, ...r })) };
    } catch (err) {
      throw resourceError(err, ctx);
    }
  });
}
