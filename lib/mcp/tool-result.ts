// Tool answers: a value as structured content plus its JSON text (clients show one or the other),
// and every failure as a tool error (isError) whose text names the problem, never a protocol
// error that ends the agent's turn. Errors are REST's ApiErrors, so the wording is the same.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ApiError, toApiError } from "../api/errors";
import type { McpContext } from "./mcp-context";

/** The successful answer carrying `value` (a JSON object). */
export function toolResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

/** The tool error for `err`: "<code>: <message>", with the REST error body as structured content. */
export function toolError(err: unknown, ctx: McpContext, tool: string): CallToolResult {
  const apiErr = toolApiError(err, ctx.requestId);
  if (apiErr.code === "internal") {
    const e = err as Error & { code?: string };
    ctx.log.error("mcp tool failed", { tool, error: e?.message || String(err), code: e?.code, stack: e?.stack?.split("\n").slice(0, 6).join(" | ") });
  }
  const body = apiErr.toBody();
  return { content: [{ type: "text", text: `${apiErr.code}: ${apiErr.message}` }], structuredContent: body, isError: true };
}

/** REST's mapping, with the request id in a 500's message (a tool error has no header for it). */
function toolApiError(err: unknown, requestId: string): ApiError {
  const e = toApiError(err);
  return e.code === "internal" ? new ApiError("internal", `internal error; the server log has the details under request id ${requestId}`) : e;
}
