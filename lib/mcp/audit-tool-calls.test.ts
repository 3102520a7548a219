import { describe, expect, it } from "vitest";
import { outcomesOf, toolCallsOf } from "./audit-tool-calls";

describe("tool calls and their outcomes from JSON-RPC messages", () => {
  it("finds the tools/call requests of a message or a batch, not notifications or other methods", () => {
    expect(toolCallsOf({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_api", arguments: { api: "x" } } })).toEqual([{ id: 1, tool: "get_api", args: { api: "x" } }]);
    expect(
      toolCallsOf([
        { jsonrpc: "2.0", id: "a", method: "tools/call", params: { name: "search_apis" } },
        { jsonrpc: "2.0", method: "tools/call", params: { name: "no-id" } },
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
        null,
        "junk",
      ]),
    ).toEqual([{ id: "a", tool: "search_apis", args: {} }]);
    expect(toolCallsOf({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "x".repeat(500) } })[0].tool).toHaveLength(100);
  });

  it("reads each answer's outcome: result, tool error (isError) or JSON-RPC error", () => {
    const answer = JSON.stringify([
      { jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "{}" }] } },
      { jsonrpc: "2.0", id: "b", result: { isError: true, content: [{ type: "text", text: "not_found: no API named \"x\"" }] } },
      { jsonrpc: "2.0", id: 3, error: { code: -32602, message: "bad params" } },
    ]);
    const outcomes = outcomesOf(answer);
    expect(outcomes.get(1)).toEqual({ ok: true });
    expect(outcomes.get("b")).toEqual({ ok: false, error: 'not_found: no API named "x"' });
    expect(outcomes.get(3)).toEqual({ ok: false, error: "bad params" });
    expect(outcomesOf("not json").size).toBe(0);
  });
});
