// One MCP tool: its name, a description an agent can act on, the zod schema of its arguments
// (strict: an unknown argument is an error, not ignored) and what it does with the context.
import type { z } from "zod";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { McpContext } from "./mcp-context";

export type McpTool<S extends z.ZodObject = z.ZodObject> = {
  name: string;
  title: string;
  description: string;
  input: S;
  annotations: ToolAnnotations;
  run(args: z.infer<S>, ctx: McpContext): Promise<Record<string, unknown>>;
};

/** Declares a tool (keeps the argument types of `run` tied to `input`). */
export function defineTool<S extends z.ZodObject>(tool: McpTool<S>): McpTool<S> {
  return tool;
}
