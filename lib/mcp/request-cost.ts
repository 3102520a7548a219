// What one POST /mcp spends of its caller's request budgets (lib/auth/request-budget.ts): each
// JSON-RPC message counts, as one REST request would; a call of a tool that changes something
// (register_api, deregister_api: not read-only) is a write, everything else a read.
import type { RequestCost } from "../auth/request-budget";
import { MCP_TOOLS } from "./create-mcp-server";

const WRITE_TOOLS = new Set(MCP_TOOLS.filter((t) => t.annotations.readOnlyHint !== true).map((t) => t.name));

/** The reads and writes of the JSON-RPC message (or batch) `body`; at least one read. */
export function mcpRequestCost(body: unknown): RequestCost {
  const messages = Array.isArray(body) ? body : [body];
  let writes = 0;
  for (const m of messages) {
    const msg = m as { method?: unknown; params?: { name?: unknown } } | null;
    if (msg?.method === "tools/call" && WRITE_TOOLS.has(String(msg.params?.name))) writes++;
  }
  return { read: Math.max(messages.length - writes, writes ? 0 : 1), write: writes };
}
