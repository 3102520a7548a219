// One real `signpost start` for the MCP tests of a file, with a viewer and an editor token, and
// the clients they drive it with: the SDK's own Client over its Streamable HTTP transport, raw
// JSON-RPC POSTs, and @modelcontextprotocol/inspector-cli.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startSignpostServer, SERVER_ADMIN_TOKEN, type HttpAnswer, type SignpostServer } from "./signpost-http-server";
import { freePort } from "../../lib/runtime/check-port";

export const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
export const TOOLS = ["search_apis", "get_api", "resolve_api", "list_changes", "list_sources", "register_api", "deregister_api"];
const INSPECTOR = path.resolve(import.meta.dirname, "../../node_modules/@modelcontextprotocol/inspector-cli/build/cli.js");

export type AuditEntry = { actor: string; action: string; target: string; after: Record<string, unknown> };

export type McpHarness = {
  server: SignpostServer;
  tokens: Record<"viewer" | "editor", string>;
  /** an SDK client connected with `token` (anonymous without); closed by dispose() */
  connect(token?: string): Promise<Client>;
  /** audit entries matching the query string, as an admin reads them */
  audit(q: string): Promise<AuditEntry[]>;
  /** a raw JSON-RPC POST to /mcp as an MCP client sends it */
  rawPost(body: string, headers?: Record<string, string>, from?: string): Promise<HttpAnswer>;
  /** runs @modelcontextprotocol/inspector-cli against /mcp with the viewer token */
  inspector(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  dispose(): Promise<void>;
};

/** Starts the server (with `downGateway`: a second gateway, "down", at a closed port) and makes the tokens. */
export async function startMcpServer(o: { downGateway?: boolean } = {}): Promise<McpHarness> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-mcp-"));
  const env: Record<string, string> = {};
  if (o.downGateway) {
    const closed = await freePort(); // nothing listens there: the gateway is down
    fs.writeFileSync(path.join(configDir, "config.yaml"), `gateways:\n  - {name: down, adminUrl: "http://127.0.0.1:${closed}", proxyUrl: "http://down.example"}\n`);
    Object.assign(env, { SIGNPOST_CONFIG: path.join(configDir, "config.yaml"), SIGNPOST_SANDBOX: "on" });
  }
  const server = await startSignpostServer(env);
  const clients: Client[] = [];
  const tokens = { viewer: "", editor: "" };
  for (const role of ["viewer", "editor"] as const) {
    const created = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: `mcp-${role}`, role } });
    expect(created.status, created.text).toBe(201);
    tokens[role] = created.json<{ token: string }>().token;
  }
  return {
    server,
    tokens,
    async connect(token?: string) {
      const client = new Client({ name: "signpost-mcp-test", version: "1.0.0" });
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    async audit(q: string) {
      const a = await server.request(`/api/v1/audit?${q}&limit=100`, { headers: admin });
      expect(a.status, a.text).toBe(200);
      return a.json<{ data: AuditEntry[] }>().data;
    },
    rawPost(body: string, headers: Record<string, string> = {}, from?: string) {
      return server.request("/mcp", { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: JSON.parse(body), from });
    },
    inspector(...args: string[]) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [INSPECTOR, "--cli", `${server.url}/mcp`, "--transport", "http", "--header", `Authorization: Bearer ${tokens.viewer}`, ...args], {
          stdio: ["ignore", "pipe", "pipe"],
          // inspector-cli 1.0.3 looks for its package.json at "../package.json" relative to the working
          // directory (and imports it relative to itself): run it from its build directory.
          cwd: path.dirname(INSPECTOR),
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
    },
    async dispose() {
      for (const c of clients) await c.close().catch(() => {});
      await server.dispose();
      fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Calls a tool. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The structured answer of a successful call (fails the test with the tool error otherwise). */
export function ok<T = Record<string, unknown>>(r: CallToolResult): T {
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  // The text content is the same value, for clients that show only text.
  expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(r.structuredContent);
  return r.structuredContent as T;
}

/** The text of a tool error (fails the test when the call succeeded). */
export function errorText(r: CallToolResult): string {
  expect(r.isError).toBe(true);
  return (r.content[0] as { text: string }).text;
}

/**
 * One MCP server for a suite (startMcpServer in its beforeAll, disposed after it): `server` and
 * `tokens` once it started, and the harness's calls.
 */
export function mcpSuite(o: { downGateway?: boolean } = {}) {
  let h!: McpHarness;
  beforeAll(async () => {
    h = await startMcpServer(o);
  }, 150_000);
  afterAll(async () => h?.dispose());
  return {
    get server() {
      return h.server;
    },
    get tokens() {
      return h.tokens;
    },
    connect: (token?: string) => h.connect(token),
    audit: (q: string) => h.audit(q),
    rawPost: (body: string, headers?: Record<string, string>, from?: string) => h.rawPost(body, headers, from),
    inspector: (...args: string[]) => h.inspector(...args),
  };
}
