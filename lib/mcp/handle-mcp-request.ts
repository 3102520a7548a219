// POST /mcp: the Model Context Protocol over Streamable HTTP (stateless, JSON answers). The HTTP
// layer is REST's: the same credentials, roles and read rule (401 with WWW-Authenticate when reads
// are private), failed-credential limits and request budgets (429), body cap (413); browsers from
// other origins are refused (403, DNS rebinding). Then the SDK's transport speaks JSON-RPC to a
// server built for this caller, and every tool call is audited.
import crypto from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ApiError, toApiError } from "../api/errors";
import { readJsonBody } from "../api/read-json-body";
import { identify } from "../auth/authenticate";
import { chargeRequest } from "../auth/request-budget";
import { isSameOrigin } from "../auth/check-write-origin";
import { CLEAR_SESSION_COOKIE } from "../auth/session-cookie";
import { getDb } from "../db/client";
import { loadConfig } from "../env";
import { logger } from "../log";
import { observeRequest } from "../metrics/http-metrics";
import { requestOrigin } from "../web/request-origin";
import { auditToolCalls, outcomesOf, toolCallsOf } from "./audit-tool-calls";
import { createMcpServer } from "./create-mcp-server";
import { mcpRequestCost } from "./request-cost";
import pkg from "../../package.json";

/** The largest request body, as REST's default. */
export const MCP_MAX_BODY = 1_000_000;
export const MCP_ROUTE = "/mcp";

/** Answers one POST /mcp. */
export async function handleMcpRequest(req: Request): Promise<Response> {
  const started = performance.now();
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
  const log = logger.child({ requestId });
  let status = 500;
  let stale = false;
  try {
    // A browser page of another site (or a rebound DNS name) must not drive the catalog.
    if ((req.headers.get("origin") || req.headers.get("sec-fetch-site")) && !isSameOrigin(req)) {
      throw new ApiError("forbidden", "cross-origin request refused: MCP clients are not browser pages of other sites");
    }
    const identity = await identify(req);
    stale = identity.staleSession;
    const actor = identity.actor;
    const config = loadConfig();
    if (!actor && !config.SIGNPOST_PUBLIC_READ) {
      throw new ApiError("unauthorized", "this Signpost requires a token to read (Authorization: Bearer <token>)", undefined, { "www-authenticate": 'Bearer realm="signpost"' });
    }
    const body = await readJsonBody(req, MCP_MAX_BODY);
    // REST's request budgets, per message: a refusal is HTTP's 429 with Retry-After, before any runs.
    chargeRequest(req, actor, mcpRequestCost(body));
    const db = getDb();
    const server = createMcpServer({ actor, db, config, origin: requestOrigin(req), requestId, log }, pkg.version);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      const answer = await transport.handleRequest(req, { parsedBody: body });
      const text = answer.body ? await answer.text() : null;
      const calls = toolCallsOf(body);
      // The calls already ran (a registration has its own audit entry, written with it): a failed
      // audit write is logged, not turned into an error that would make the client retry them.
      if (calls.length) {
        await auditToolCalls(db.prisma, actor, calls, outcomesOf(text ?? "")).catch((err: Error) => log.error("mcp tool calls not audited", { error: err.message, tools: calls.map((c) => c.tool) }));
      }
      status = answer.status;
      const headers = new Headers(answer.headers);
      headers.set("x-request-id", requestId);
      if (stale) headers.append("set-cookie", CLEAR_SESSION_COOKIE);
      return new Response(text, { status, headers });
    } finally {
      await server.close().catch(() => {});
    }
  } catch (err) {
    const apiErr = toApiError(err);
    status = apiErr.status;
    if (status >= 500) log.error("mcp request failed", { error: (err as Error)?.message || String(err) });
    return Response.json(
      { jsonrpc: "2.0", id: null, error: { code: -32000, message: apiErr.message, data: apiErr.toBody().error } },
      { status, headers: { "x-request-id": requestId, ...(apiErr.headers ?? {}), ...(stale ? { "set-cookie": CLEAR_SESSION_COOKIE } : {}) } },
    );
  } finally {
    const ms = performance.now() - started;
    log[status < 400 ? "debug" : "info"]("request", { method: req.method, path: MCP_ROUTE, status, ms: Math.round(ms) });
    observeRequest(req.method, MCP_ROUTE, status, ms / 1000);
  }
}
