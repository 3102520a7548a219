// The plugins the sandbox proxy enforces, as their handlers do: key-auth (kong/plugins/key-auth/
// handler.lua) and local rate-limiting (kong/plugins/rate-limiting/handler.lua, headers included).
// Other configured plugins are accepted by the Admin API but do nothing on the proxy.
import type { Entity } from "../types";
import type { WorkspaceData } from "../workspace-data";

/** What a plugin decided: go on (with headers to add upstream/downstream) or answer now. */
export type PluginOutcome =
  | { type: "continue" }
  | { type: "exit"; status: number; message: string; headers?: Record<string, string> };

/** The request as the plugins see it. */
export type PluginRequest = {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  clientIp: string;
  path: string;
};

/** Per-request state the plugins share (the consumer key-auth found). */
export type PluginContext = {
  consumer?: Entity;
  credential?: Entity;
  upstreamHeaders: Record<string, string | null>;
  responseHeaders: Record<string, string>;
  removeQuery: string[];
};

const idOf = (v: unknown) => (v as { id?: string } | null)?.id ?? null;

/**
 * The configuration of `name` that applies to this route and service: the most specific enabled
 * plugin among route+service, route, service and global ones (consumer-scoped ones excluded).
 */
export function pluginFor(ws: WorkspaceData, name: string, route: Entity, serviceId: string | null): Entity | undefined {
  const candidates = ws.table("plugins").where("name", name).filter((p) => p.enabled !== false && idOf(p.consumer) === null);
  const score = (p: Entity) => {
    const r = idOf(p.route);
    const s = idOf(p.service);
    if ((r !== null && r !== route.id) || (s !== null && s !== serviceId)) return -1;
    return (r !== null ? 2 : 0) + (s !== null ? 1 : 0);
  };
  return candidates.map((p) => [score(p), p] as const).filter(([s]) => s >= 0).sort((a, b) => b[0] - a[0])[0]?.[1];
}

function first(v: string | string[] | undefined): string | string[] | undefined {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

/** key-auth's access phase (logical AND; `anonymous` lets a request through as that consumer). */
export function keyAuth(ws: WorkspaceData, plugin: Entity, req: PluginRequest, ctx: PluginContext): PluginOutcome {
  const conf = plugin.config as { key_names: string[]; hide_credentials: boolean; anonymous: string | null; key_in_header: boolean; key_in_query: boolean; realm: string | null; run_on_preflight: boolean };
  if (!conf.run_on_preflight && req.method === "OPTIONS") return { type: "continue" };
  const www = { "WWW-Authenticate": conf.realm ? `Key realm="${conf.realm}"` : "Key" };
  const fail = (message: string): PluginOutcome => {
    if (conf.anonymous) {
      const anon = ws.table("consumers").get(conf.anonymous) ?? ws.table("consumers").where("username", conf.anonymous)[0];
      if (anon) {
        setConsumer(ctx, anon, undefined, true);
        return { type: "continue" };
      }
      return { type: "exit", status: 500, message: "An unexpected error occurred" };
    }
    return { type: "exit", status: 401, message, headers: www };
  };
  let key: string | undefined;
  for (const name of conf.key_names) {
    let v = conf.key_in_header ? first(req.headers[name.toLowerCase()]) : undefined;
    if (v === undefined && conf.key_in_query) {
      const all = req.query.getAll(name);
      v = all.length === 0 ? undefined : all.length === 1 ? all[0] : all;
    }
    if (Array.isArray(v)) return fail("Duplicate API key found");
    if (typeof v === "string") {
      key = v;
      if (conf.hide_credentials) {
        ctx.upstreamHeaders[name.toLowerCase()] = null;
        ctx.removeQuery.push(name);
      }
      break;
    }
  }
  if (!key) return fail("No API key found in request");
  const credential = ws.table("keyauth_credentials").where("key", key)[0];
  if (!credential) return fail("Unauthorized");
  const consumer = ws.table("consumers").get(idOf(credential.consumer) ?? "");
  if (!consumer) return { type: "exit", status: 500, message: "An unexpected error occurred" };
  setConsumer(ctx, consumer, credential, false);
  return { type: "continue" };
}

// set_consumer: the X-Consumer-* headers the upstream sees.
function setConsumer(ctx: PluginContext, consumer: Entity, credential: Entity | undefined, anonymous: boolean) {
  ctx.consumer = consumer;
  ctx.credential = credential;
  const h = ctx.upstreamHeaders;
  h["x-consumer-id"] = consumer.id;
  h["x-consumer-custom-id"] = (consumer.custom_id as string | null) ?? null;
  h["x-consumer-username"] = (consumer.username as string | null) ?? null;
  h["x-credential-identifier"] = credential ? credential.id : null;
  h["x-anonymous-consumer"] = anonymous ? "true" : null;
}

const PERIODS: [string, number][] = [["second", 1], ["minute", 60], ["hour", 3600], ["day", 86400], ["month", 2592000], ["year", 31536000]];
const title = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Counters of the `local` policy: per plugin, identifier, period and window start. */
export class RateCounters {
  private readonly counts = new Map<string, number>();

  /** rate-limiting's access phase; counts this request when it is let through. */
  check(plugin: Entity, route: Entity, serviceId: string | null, req: PluginRequest, ctx: PluginContext, now = Date.now()): PluginOutcome {
    const conf = plugin.config as Record<string, unknown> & { limit_by: string; hide_client_headers: boolean; error_code: number; error_message: string; header_name: string | null };
    const id = identifier(conf, route, serviceId, req, ctx);
    const usage: { period: string; window: number; limit: number; remaining: number; key: string; reset: number }[] = [];
    for (const [period, window] of PERIODS) {
      const limit = conf[period];
      if (typeof limit !== "number") continue;
      const start = Math.floor(now / 1000 / window) * window;
      const key = `${plugin.id}|${id}|${period}|${start}`;
      const used = this.counts.get(key) ?? 0;
      usage.push({ period, window, limit, remaining: limit - used, key, reset: Math.max(1, window - Math.floor(now / 1000 - start)) });
    }
    const stop = usage.find((u) => u.remaining <= 0);
    if (!conf.hide_client_headers && usage.length) {
      // The headers show every period, and RateLimit-* the one closest to its limit.
      let shown: { limit: number; window: number; remaining: number; reset: number } | undefined;
      for (const u of usage) {
        const remaining = Math.max(0, u.remaining - (stop === undefined || stop === u ? 1 : 0));
        ctx.responseHeaders[`X-RateLimit-Limit-${title(u.period)}`] = String(u.limit);
        ctx.responseHeaders[`X-RateLimit-Remaining-${title(u.period)}`] = String(remaining);
        if (!shown || remaining < shown.remaining || (remaining === shown.remaining && u.window > shown.window)) {
          shown = { limit: u.limit, window: u.window, remaining, reset: u.reset };
        }
      }
      ctx.responseHeaders["RateLimit-Limit"] = String(shown!.limit);
      ctx.responseHeaders["RateLimit-Remaining"] = String(shown!.remaining);
      ctx.responseHeaders["RateLimit-Reset"] = String(shown!.reset);
      if (stop) ctx.responseHeaders["Retry-After"] = String(shown!.reset);
    }
    if (stop) return { type: "exit", status: conf.error_code, message: conf.error_message };
    for (const u of usage) this.counts.set(u.key, (this.counts.get(u.key) ?? 0) + 1);
    return { type: "continue" };
  }
}

// get_identifier: the consumer (else the credential, else the IP) or what limit_by names.
function identifier(conf: { limit_by: string; header_name: string | null; path?: unknown }, route: Entity, serviceId: string | null, req: PluginRequest, ctx: PluginContext): string {
  switch (conf.limit_by) {
    case "consumer": return ctx.consumer?.id ?? ctx.credential?.id ?? req.clientIp;
    case "credential": return ctx.credential?.id ?? req.clientIp;
    case "service": return serviceId ?? req.clientIp;
    case "header": return String(first(req.headers[(conf.header_name ?? "").toLowerCase()]) ?? req.clientIp);
    case "path": return typeof conf.path === "string" && req.path === conf.path ? conf.path : req.clientIp;
    default: return req.clientIp;
  }
}
