import type { IncomingMessage, ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { KongApiError, methodNotAllowed, notFound } from "../api-error";
import type { FaultAction, RequestLogEntry } from "../faults";
import { handleConfig } from "./config-endpoint";
import type { ApiRequest, GatewayContext } from "./context";
import { handleCollection, handleEntity, handleForeignEntity } from "./entity-endpoints";
import { handleEndpoints, handlePluginsEnabled, handleRoot, handleStatus, handleTags } from "./info-endpoints";
import { handlePluginSchema, handleSchema, handleSchemaValidate } from "./schema-endpoints";
import { handleTargetHealthWrite, handleUpstreamHealth } from "./health-endpoints";
import { readBody, type Reply, sendReply } from "./reply";
import { type ParsedBody, parseBody } from "./request-body";
import { allowedMethods, type ApiRoute, matchRoute, RESOURCE_SEGMENTS } from "./router";
import { handleSandboxControl } from "./sandbox-control";

const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

function splitPath(pathname: string): string[] {
  return pathname.split("/").filter((s) => s !== "").map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

function dispatch(ctx: GatewayContext, route: ApiRoute, req: ApiRequest): Reply {
  switch (route.type) {
    case "root": return handleRoot(ctx);
    case "status": return handleStatus(ctx, req);
    case "config": return handleConfig(ctx, req);
    case "tags": return handleTags(ctx, req, route.tag);
    case "plugins-enabled": return handlePluginsEnabled();
    case "endpoints": return handleEndpoints();
    case "schema": return handleSchema(route.name);
    case "plugin-schema": return handlePluginSchema(route.name);
    case "schema-validate": return handleSchemaValidate(ctx, req, route.name);
    case "upstream-health": return handleUpstreamHealth(ctx, req, route.upstreamKey);
    case "target-health": return handleTargetHealthWrite(ctx, req, route);
    case "foreign-entity": return handleForeignEntity(ctx, req, route.kind, route.key, route.field, route.reference);
    case "collection": return handleCollection(ctx, req, route.kind, route.parent);
    case "entity": return handleEntity(ctx, req, route.kind, route.key, route.parent);
    case "wasm-disabled": return { status: 400, body: { message: "this endpoint is only available when wasm is enabled" } };
  }
}

type RequestUrl = { pathname: string; search: string; searchParams: URLSearchParams };

function handleApi(ctx: GatewayContext, incoming: IncomingMessage, url: RequestUrl, method: string, raw: Buffer): Reply {
  const token = ctx.options.rbacToken;
  if (token !== undefined && incoming.headers["kong-admin-token"] !== token) {
    // EE's exact 401 body is unverified (reference §14); this is the message EE is known to use.
    return { status: 401, body: { message: "Invalid credentials. Token or User credentials required" } };
  }
  let segments = splitPath(url.pathname);
  let workspace = "default";
  let prefix = "";
  if (ctx.options.edition === "enterprise" && segments.length > 0 && !RESOURCE_SEGMENTS.has(segments[0])) {
    workspace = segments[0];
    prefix = `/${encodeURIComponent(workspace)}`;
    segments = segments.slice(1);
    if (segments.length === 0) throw notFound();
  }
  const route = matchRoute(segments);
  if (!route) throw notFound();
  const allowed = allowedMethods(route);
  if (method === "OPTIONS") {
    const allow = [...allowed, "HEAD", "OPTIONS"].sort().join(", ");
    return {
      status: 204,
      headers: { Allow: allow, "Access-Control-Allow-Methods": allow, "Access-Control-Allow-Headers": "Content-Type" },
    };
  }
  const effective = method === "HEAD" ? "GET" : method;
  if (!allowed.includes(effective)) throw methodNotAllowed();
  const body: ParsedBody = WITH_BODY.has(method)
    ? parseBody(incoming.headers, incoming.rawHeaders, raw, route.type === "config")
    : { kind: "none" };
  return dispatch(ctx, route, { method: effective, query: url.searchParams, body, workspace, prefix });
}

function faultReply(action: Extract<FaultAction, { type: "status" }>): Reply {
  const message = action.status === 500 ? "An unexpected error occurred" : (STATUS_CODES[action.status] ?? "Error");
  return { status: action.status, body: { message } };
}

/** The Node request listener of the sandbox: faults, then Kong's Admin API. */
export function createRequestHandler(ctx: GatewayContext) {
  const handle = async (incoming: IncomingMessage, res: ServerResponse) => {
    const startedAt = performance.now();
    const method = (incoming.method ?? "GET").toUpperCase();
    // Parsed by hand: new URL("//x", base) would take "x" for a host.
    const rawUrl = incoming.url ?? "/";
    const q = rawUrl.indexOf("?");
    const url = {
      pathname: q === -1 ? rawUrl : rawUrl.slice(0, q),
      search: q === -1 ? "" : rawUrl.slice(q),
      searchParams: new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1)),
    };
    const options = { version: ctx.options.version, startedAt, head: method === "HEAD" };
    if (url.pathname === "/_sandbox" || url.pathname.startsWith("/_sandbox/")) {
      sendReply(res, handleSandboxControl(ctx, method, url.pathname, await readBody(incoming)), options);
      return;
    }
    ctx.counters.totalRequests += 1;
    const logged: RequestLogEntry = ctx.faults.record(method, url.pathname + url.search);
    const send = (reply: Reply) => {
      logged.status = reply.status;
      sendReply(res, reply, options);
    };
    const fault = ctx.faults.pick(method, url.pathname);
    if (fault?.type === "reset") {
      incoming.socket.destroy();
      return;
    }
    if (fault?.type === "hang") return; // never answered; stop() or the client closes the socket
    const raw = await readBody(incoming);
    if (fault?.type === "status") {
      send(faultReply(fault));
      return;
    }
    if (fault?.type === "delay") await sleep(fault.ms);
    let reply: Reply;
    try {
      reply = handleApi(ctx, incoming, url, method, raw);
    } catch (err) {
      if (!(err instanceof KongApiError)) throw err;
      reply = err.body === null ? { status: err.status } : { status: err.status, body: err.body };
    }
    if (!res.destroyed) send(reply);
  };
  return (incoming: IncomingMessage, res: ServerResponse) => {
    handle(incoming, res).catch(() => {
      // Kong's answer to an unexpected failure (code 8 database error on the DAO path).
      if (!res.headersSent) sendReply(res, { status: 500, body: { message: "An unexpected error occurred" } }, { version: ctx.options.version, startedAt: performance.now() });
      else res.destroy();
    });
  };
}
