// What a POST /mcp spends: one read per message, a write per call of a tool that changes something.
import { describe, expect, it } from "vitest";
import { mcpRequestCost } from "./request-cost";

const call = (name: string) => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } });

describe("mcpRequestCost", () => {
  it("counts reads and writes per JSON-RPC message", () => {
    expect(mcpRequestCost({ jsonrpc: "2.0", id: 1, method: "initialize" })).toEqual({ read: 1, write: 0 });
    expect(mcpRequestCost(call("search_apis"))).toEqual({ read: 1, write: 0 });
    expect(mcpRequestCost(call("register_api"))).toEqual({ read: 0, write: 1 });
    expect(mcpRequestCost(call("deregister_api"))).toEqual({ read: 0, write: 1 });
    expect(mcpRequestCost([call("get_api"), call("resolve_api"), call("register_api")])).toEqual({ read: 2, write: 1 });
  });

  it("counts at least one read, also for an empty batch or an unknown tool", () => {
    expect(mcpRequestCost([])).toEqual({ read: 1, write: 0 });
    expect(mcpRequestCost(call("drop_tables"))).toEqual({ read: 1, write: 0 });
    expect(mcpRequestCost(null)).toEqual({ read: 1, write: 0 });
  });
});
