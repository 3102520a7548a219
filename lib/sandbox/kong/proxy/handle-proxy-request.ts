// One request through the sandbox proxy, in Kong's order: route (404), protocol (426), the
// plugins it enforces (key-auth, rate-limiting), the balancer (503), then the upstream.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayStore } from "../gateway-store";
import type { Entity } from "../types";
import type { Balancers } from "./balancer";
import { compileRoutes, type SubRoute } from "./compile-routes";
import { forward, isLoopback, podAnswer, type PodResolver, type UpstreamRequest } from "./deliver";
import { newRequestId, sendKongError } from "./kong-error";
import { matchRoute, splitHostPort } from "./match-route";
import { keyAuth, type PluginContext, pluginFor, type RateCounters } from "./proxy-plugins";
import { upstreamUri } from "./upstream-uri";

/** What every request of one proxy shares. */
export type ProxyState = {
  store: GatewayStore;
  version: string;
  balancers: Balancers;
  rates: RateCounters;
  resolvePod?: PodResolver;
  timeoutMs: number;
  router: { revision: number; subs: SubRoute[] };
};

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length"]);

function routerOf(state: ProxyState): SubRoute[] {
  if (state.router.revision !== state.store.revision) {
    const ws = state.store.workspace();
    // build_router: routes of disabled services are left out; routes without a service stay.
    const routes = ws.table("routes").filter((r) => {
      const sid = (r.service as { id: string } | null)?.id;
      return !sid || ws.table("services").get(sid)?.enabled !== false;
    });
    state.router = { revision: state.store.revision, subs: compileRoutes(routes) };
  }
  return state.router.subs;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Handles one proxy request; `scheme` is the listener's, `sni` the TLS server name. */
export async function handleProxyRequest(state: ProxyState, req: IncomingMessage, res: ServerResponse, scheme: "http" | "https", listenPort: number, sni?: string) {
  const startedAt = performance.now();
  const requestId = newRequestId();
  const fail = (status: number, message: string, headers?: Record<string, string>) =>
    sendKongError(res, status, message, { version: state.version, requestId, startedAt, headers });
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1));
  const method = (req.method ?? "GET").toUpperCase();
  const hostHeader = req.headers.host ?? "";
  const { host, port } = splitHostPort(hostHeader, listenPort);
  const body = await readAll(req);

  const match = matchRoute(routerOf(state), { method, path, host, port, headers: req.headers, sni });
  if (!match) return fail(404, "no Route matched with those values");
  const route = match.sub.route;
  const protocols = (route.protocols as string[] | null) ?? ["http", "https"];
  if (!protocols.includes(scheme)) {
    if (scheme === "http" && protocols.includes("https")) {
      const code = route.https_redirect_status_code as number;
      if (code === 426) return fail(426, "Please use HTTPS protocol", { Connection: "Upgrade", Upgrade: "TLS/1.2, HTTP/1.1" });
      return fail(code, "Moved", { Location: `https://${hostHeader}${rawUrl}` });
    }
    return fail(404, "no Route matched with those values");
  }
  const ws = state.store.workspace();
  const serviceId = (route.service as { id: string } | null)?.id ?? null;
  const service = serviceId ? ws.table("services").get(serviceId) : undefined;
  if (!service) return fail(503, "Service unavailable");

  const clientIp = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  const ctx: PluginContext = { upstreamHeaders: {}, responseHeaders: {}, removeQuery: [] };
  const preq = { method, headers: req.headers, query, clientIp, path };
  const auth = pluginFor(ws, "key-auth", route, serviceId);
  if (auth) {
    const out = keyAuth(ws, auth, preq, ctx);
    if (out.type === "exit") return fail(out.status, out.message, out.headers);
  }
  const limit = pluginFor(ws, "rate-limiting", route, serviceId);
  if (limit) {
    const out = state.rates.check(limit, route, serviceId, preq, ctx);
    if (out.type === "exit") return fail(out.status, out.message, ctx.responseHeaders);
  }

  // The balancer: an upstream named like the service host, else the host itself.
  const upstream = ws.table("upstreams").where("name", service.host)[0];
  let peer: { host: string; port: number };
  if (upstream) {
    const picked = state.balancers.pick(upstream, ws.table("targets").where("upstream", upstream.id));
    if (!picked) return fail(503, "failure to get a peer from the ring-balancer");
    peer = picked;
  } else {
    peer = { host: service.host as string, port: service.port as number };
  }

  for (const name of ctx.removeQuery) query.delete(name);
  const qs = query.toString();
  const uri = upstreamUri(path, service.path as string | null, route.strip_path as boolean, route.strip_path ? match.matchedPath : null);
  const upstreamHost = route.preserve_host ? hostHeader : hostFor(upstream, service, peer);
  const headers = upstreamHeaders(req, ctx, { upstreamHost, scheme, hostHeader: host, port, path, prefix: route.strip_path ? match.matchedPath : null, clientIp });
  const out: UpstreamRequest = { scheme: service.protocol === "https" ? "https" : "http", host: peer.host, port: peer.port, method, path: qs ? `${uri}?${qs}` : uri, headers, body };

  const pod = state.resolvePod?.(peer.host, peer.port, service.host as string, (service.tags as string[] | null) ?? []);
  const proxiedAt = performance.now();
  const answer = pod ? podAnswer(pod, out) : isLoopback(peer.host) ? await forward(out, state.timeoutMs) : { error: "not a sandbox pod or loopback address" };
  if ("error" in answer) {
    return answer.error === "timeout" ? fail(504, "The upstream server is timing out") : fail(502, "An invalid response was received from the upstream server");
  }
  const resHeaders: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k.toLowerCase())) resHeaders[k] = v;
  Object.assign(resHeaders, ctx.responseHeaders, {
    "Content-Length": String(answer.body.length),
    Via: `1.1 kong/${state.version}`,
    "X-Kong-Upstream-Latency": String(Math.round(performance.now() - proxiedAt)),
    "X-Kong-Proxy-Latency": String(Math.round(proxiedAt - startedAt)),
    "X-Kong-Request-Id": requestId,
  });
  res.writeHead(answer.status, resHeaders);
  res.end(method === "HEAD" ? undefined : answer.body);
}

// The Host upstream sees without preserve_host: the upstream's host_header, else the service host
// (with its port unless it is the scheme's default).
function hostFor(upstream: Entity | undefined, service: Entity, peer: { host: string; port: number }): string {
  if (upstream?.host_header) return upstream.host_header as string;
  const h = upstream ? (service.host as string) : peer.host;
  const port = upstream ? (service.port as number) : peer.port;
  const dflt = service.protocol === "https" ? 443 : 80;
  return port === dflt ? h : `${h}:${port}`;
}

function upstreamHeaders(
  req: IncomingMessage, ctx: PluginContext,
  o: { upstreamHost: string; scheme: string; hostHeader: string; port: number; path: string; prefix: string | null; clientIp: string },
): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) h[k] = v;
  for (const [k, v] of Object.entries(ctx.upstreamHeaders)) {
    if (v === null) delete h[k];
    else h[k] = v;
  }
  const xff = req.headers["x-forwarded-for"];
  h.host = o.upstreamHost;
  h["x-forwarded-for"] = xff ? `${Array.isArray(xff) ? xff.join(", ") : xff}, ${o.clientIp}` : o.clientIp;
  h["x-forwarded-proto"] = o.scheme;
  h["x-forwarded-host"] = o.hostHeader;
  h["x-forwarded-port"] = String(o.port);
  h["x-forwarded-path"] = o.path;
  if (o.prefix && o.prefix !== "/") h["x-forwarded-prefix"] = o.prefix;
  h["x-real-ip"] = o.clientIp;
  return h;
}
