import { hostname } from "node:os";
import { KongApiError } from "../api-error";
import { decodeOffset, paginate, parsePageSize } from "../pagination";
import { PLUGIN_CATALOG } from "../schemas/plugin-catalog";
import { ENTITY_KINDS } from "../types";
import type { ApiRequest, GatewayContext } from "./context";
import type { Reply } from "./reply";
import { listEndpoints } from "./router";

function versionAtLeast(version: string, min: [number, number]): boolean {
  const [major, minor] = version.split(/[.-]/).map((p) => Number(p));
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

const LISTENER_FLAGS = ["http2", "proxy_protocol", "deferred", "bind", "reuseport", "backlog=%d+", "ipv6only=on", "ipv6only=off",
  "so_keepalive=on", "so_keepalive=off", "so_keepalive=%w*:%w*:%d*"];

// conf_loader/listeners.lua parse_listeners: ip, port, listener and a boolean per flag.
function listenerJson(ip: string, port: number, ssl: boolean) {
  return { ip, port, listener: `${ip}:${port}${ssl ? " ssl" : ""}`, ssl, ...Object.fromEntries(LISTENER_FLAGS.map((f) => [f, false])) };
}

/** GET / (kong/api/routes/kong.lua). `edition` appears from 3.6 on. */
export function handleRoot(ctx: GatewayContext): Reply {
  const { options: o } = ctx;
  const enabled = new Set<string>();
  for (const name of ctx.store.workspaceNames()) {
    for (const p of ctx.store.workspace(name).table("plugins").sorted()) enabled.add(p.name as string);
  }
  const available = Object.fromEntries(
    Object.keys(PLUGIN_CATALOG).sort().map((n) => [n, { version: o.version, priority: PLUGIN_CATALOG[n].priority }]),
  );
  const listen = `${ctx.listen.host}:${ctx.listen.port}`;
  const proxy = ctx.proxyListen.length ? ctx.proxyListen : [{ host: "0.0.0.0", port: 8000, ssl: false }];
  return {
    status: 200,
    body: {
      tagline: "Welcome to kong",
      version: o.version,
      ...(versionAtLeast(o.version, [3, 6]) ? { edition: o.edition } : {}),
      hostname: hostname(),
      node_id: ctx.nodeId,
      timers: { running: 0, pending: 5 },
      plugins: { available_on_server: available, enabled_in_cluster: [...enabled].sort() },
      lua_version: "LuaJIT 2.1.0-20231117",
      configuration: {
        database: o.mode === "dbless" ? "off" : "postgres",
        router_flavor: "traditional_compatible",
        role: "traditional",
        admin_listen: [listen],
        admin_listeners: [listenerJson(ctx.listen.host, ctx.listen.port, false)],
        proxy_listen: proxy.map((l) => `${l.host}:${l.port}${l.ssl ? " ssl" : ""}`),
        proxy_listeners: proxy.map((l) => listenerJson(l.host, l.port, l.ssl)),
        stream_listen: ["off"],
        stream_listeners: [],
        wasm: false,
        plugins: ["bundled"],
        loaded_plugins: Object.fromEntries(Object.keys(PLUGIN_CATALOG).map((n) => [n, true])),
        enforce_rbac: o.rbacToken !== undefined ? "on" : "off",
      },
      pids: { master: process.pid, workers: [process.pid] },
    },
  };
}

/** GET /status (kong/api/routes/health.lua); DB-less nodes report configuration_hash instead of database. */
export function handleStatus(ctx: GatewayContext, req: ApiRequest): Reply {
  const unit = req.query.get("unit");
  if (unit !== null && !/^[bkmg]$/i.test(unit)) {
    throw new KongApiError(400, { message: `invalid unit '${unit}' (expected 'k/K', 'm/M', or 'g/G')` });
  }
  const mib = (n: number) => `${n.toFixed(2)} MiB`;
  const common = {
    memory: {
      workers_lua_vms: [{ http_allocated_gc: mib(process.memoryUsage().heapUsed / 2 ** 20), pid: process.pid }],
      lua_shared_dicts: { kong: { allocated_slabs: mib(0.04), capacity: mib(5) } },
    },
    server: {
      total_requests: ctx.counters.totalRequests,
      connections_active: 1, connections_accepted: ctx.counters.totalRequests, connections_handled: ctx.counters.totalRequests,
      connections_reading: 0, connections_writing: 1, connections_waiting: 0,
    },
  };
  const body = ctx.options.mode === "dbless"
    ? { configuration_hash: ctx.store.configHash(), ...common }
    : { database: { reachable: true }, ...common };
  return { status: 200, body };
}

/** GET /tags and /tags/{tag}: one row per (entity, tag), paged like any collection. */
export function handleTags(ctx: GatewayContext, req: ApiRequest, tag?: string): Reply {
  const ws = ctx.store.workspace(req.workspace);
  const { size, given } = parsePageSize(req.query.get("size"));
  const rawOffset = req.query.get("offset");
  const offset = rawOffset !== null ? decodeOffset(rawOffset) : null;
  const rows: { tag: string; entity_name: string; entity_id: string }[] = [];
  for (const kind of ENTITY_KINDS) {
    for (const e of ws.table(kind).sorted()) {
      for (const t of Array.isArray(e.tags) ? (e.tags as string[]) : []) {
        if (tag === undefined || t === tag) rows.push({ tag: t, entity_name: kind, entity_id: e.id });
      }
    }
  }
  rows.sort((a, b) => (a.entity_id + "\0" + a.tag < b.entity_id + "\0" + b.tag ? -1 : 1));
  const { page, nextOffset } = paginate(rows, (r) => [r.entity_id, r.tag], size, offset);
  let next: string | null = null;
  if (nextOffset) {
    next = `${req.prefix}/tags${tag !== undefined ? `/${encodeURIComponent(tag)}` : ""}?offset=${encodeURIComponent(nextOffset)}`;
    if (given) next += `&size=${size}`;
  }
  return { status: 200, body: { data: page, ...(nextOffset ? { offset: nextOffset } : {}), next } };
}

/** GET /plugins/enabled. */
export function handlePluginsEnabled(): Reply {
  return { status: 200, body: { enabled_plugins: Object.keys(PLUGIN_CATALOG).sort() } };
}

/** GET /endpoints: every Admin API path template, sorted segment by segment. */
export function handleEndpoints(): Reply {
  return { status: 200, body: { data: listEndpoints() } };
}
