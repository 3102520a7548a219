// The MCP server of one HTTP request (stateless: every POST carries its own credential, so the
// server is built for that caller and dropped with the answer). Tools call the lib functions
// REST calls; see docs/ARCHITECTURE.md.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { McpContext } from "./mcp-context";
import type { McpTool } from "./mcp-tool";
import { toolError, toolResult } from "./tool-result";
import { searchApis } from "./tools/search-apis";
import { getApiTool } from "./tools/get-api";
import { resolveApiTool } from "./tools/resolve-api";
import { listChanges } from "./tools/list-changes";
import { listSourcesTool } from "./tools/list-sources";
import { registerApiTool } from "./tools/register-api";
import { deregisterApiTool } from "./tools/deregister-api";
import { registerContractResources } from "./resources/api-contract";

/** Every tool, in the order tools/list shows them. */
export const MCP_TOOLS: McpTool[] = [searchApis, getApiTool, resolveApiTool, listChanges, listSourcesTool, registerApiTool, deregisterApiTool] as unknown as McpTool[];

const INSTRUCTIONS =
  "Signpost is the catalog of the APIs running on these Kubernetes clusters and Kong gateways. Ask it instead of guessing an address: " +
  "search_apis finds APIs, get_api explains one (exposures, request chain, owner, registrations, recent changes), resolve_api gives the " +
  "address a client should call, list_changes what changed, list_sources how fresh the catalog is. register_api and deregister_api " +
  "publish and remove APIs on a gateway (editor role; try dryRun first). Each API's OpenAPI contract is a resource, " +
  "signpost://apis/{id}/contract (resources/list shows the APIs that have one; get_api gives its URI and a summary of its operations).";

/** A server with every tool and the contract resources, acting for `ctx.actor`. */
export function createMcpServer(ctx: McpContext, version: string): McpServer {
  const server = new McpServer(
    { name: "signpost", title: "Signpost API catalog", version },
    { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS, maxToolInputElements: 2000 },
  );
  for (const tool of MCP_TOOLS) {
    server.registerTool(tool.name, { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: tool.annotations }, async (args: unknown) => {
      try {
        return toolResult(await tool.run(args as never, ctx));
      } catch (err) {
        return toolError(err, ctx, tool.name);
      }
    });
  }
  registerContractResources(server, ctx);
  return server;
}
