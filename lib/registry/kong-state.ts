// What one registration is on a Kong gateway with a database: its service, its route and the
// plugins Signpost put on that route. Read before a change (so a failure can put it back),
// written from a registration, restored, or removed. Only entities carrying Signpost's tag are
// ever written or deleted.
import {
  deletePlugin, deleteRoute, deleteService, getRoute, getService, listRoutePlugins, upsertPlugin, upsertRoute, upsertService,
  type KongPlugin, type KongRoute, type KongService, type KongTarget,
} from "../kong";
import { SIGNPOST_TAG } from "../kong/reshape/tags";
import { uuidV5 } from "../util/uuid-v5";

/** A registration's entities as the gateway holds them (null: absent). */
export type KongState = { service: KongService | null; route: KongRoute | null; plugins: KongPlugin[] };

/** What a registration asks of the gateway. */
export type DesiredKongState = {
  name: string;
  tags: string[];
  service: { protocol: string; host: string; port: number; path: string | null };
  route: { paths: string[]; hosts: string[] | null; methods: string[] | null; strip_path: boolean };
  plugins: { name: string; config?: Record<string, unknown> }[];
};

/** The fields Signpost wrote, kept with the registration for the drift check. */
export type AppliedKongState = {
  service: { id: string } & DesiredKongState["service"];
  route: { id: string; service: string } & DesiredKongState["route"];
  plugins: { id: string; name: string; config: Record<string, unknown> }[];
};

// Plugin ids derive from the gateway, registration and plugin name, so a replace finds and
// overwrites the same instance instead of adding another.
const PLUGIN_NAMESPACE = "5b4e3c52-6a0e-4b8e-9f7d-3c1f0e2a9d41";

/** The id of a registration's plugin. */
export function pluginId(gateway: string, name: string, plugin: string): string {
  return uuidV5(PLUGIN_NAMESPACE, `${gateway}/${name}/${plugin}`);
}

const own = (e: { tags: string[] | null } | null) => Boolean(e && (e.tags ?? []).includes(SIGNPOST_TAG));

/** Reads the registration's entities (by name; plugins: Signpost's on the route). */
export async function readKongState(target: KongTarget, name: string): Promise<KongState> {
  const [service, route] = await Promise.all([getService(target, name), getRoute(target, name)]);
  const plugins = route ? (await listRoutePlugins(target, route.id)).filter(own) : [];
  return { service, route, plugins };
}

/** Writes the desired service, route and plugins; plugins no longer asked for are deleted. */
export async function applyKongState(
  target: KongTarget,
  want: DesiredKongState,
  before: KongState,
): Promise<{ applied: AppliedKongState; written: { service: KongService; route: KongRoute; plugins: KongPlugin[] } }> {
  const service = await upsertService(target, want.name, { ...want.service, tags: want.tags });
  const route = await upsertRoute(target, want.name, {
    service: { id: service.id },
    paths: want.route.paths,
    hosts: want.route.hosts,
    methods: want.route.methods,
    strip_path: want.route.strip_path,
    tags: want.tags,
  });
  const plugins: KongPlugin[] = [];
  for (const p of want.plugins) {
    const id = pluginId(target.name, want.name, p.name);
    plugins.push(await upsertPlugin(target, id, { name: p.name, config: p.config ?? {}, route: { id: route.id }, tags: want.tags }));
  }
  const kept = new Set(plugins.map((p) => p.id));
  for (const p of before.plugins) if (!kept.has(p.id)) await deletePlugin(target, p.id);
  return {
    applied: {
      service: { id: service.id, protocol: service.protocol, host: service.host, port: service.port, path: service.path },
      route: { id: route.id, service: service.id, paths: want.route.paths, hosts: want.route.hosts, methods: want.route.methods, strip_path: want.route.strip_path },
      plugins: plugins.map((p) => ({ id: p.id, name: p.name, config: p.config })),
    },
    written: { service, route, plugins },
  };
}

/**
 * Puts the gateway back to `before` (what it held when the change began): entities the change
 * created are deleted, those it modified are written back with their ids.
 */
export async function restoreKongState(target: KongTarget, name: string, before: KongState): Promise<void> {
  const now = await readKongState(target, name);
  const keep = new Set(before.plugins.map((p) => p.id));
  for (const p of now.plugins) if (!keep.has(p.id)) await deletePlugin(target, p.id);
  if (!before.route && own(now.route)) await deleteRoute(target, now.route!.id);
  if (!before.service && own(now.service)) await deleteService(target, now.service!.id);
  if (before.service) await upsertService(target, before.service.id, serviceBody(before.service));
  if (before.route) await upsertRoute(target, before.route.id, routeBody(before.route));
  for (const p of before.plugins) await upsertPlugin(target, p.id, pluginBody(p));
}

/** Deletes the registration's plugins, route and service (only what carries Signpost's tag). */
export async function removeKongState(target: KongTarget, state: KongState): Promise<void> {
  for (const p of state.plugins) await deletePlugin(target, p.id);
  if (own(state.route)) await deleteRoute(target, state.route!.id);
  if (own(state.service)) await deleteService(target, state.service!.id);
}

function serviceBody(s: KongService) {
  return {
    name: s.name ?? undefined, protocol: s.protocol, host: s.host, port: s.port, path: s.path, retries: s.retries ?? undefined,
    connect_timeout: s.connect_timeout ?? undefined, write_timeout: s.write_timeout ?? undefined, read_timeout: s.read_timeout ?? undefined,
    enabled: s.enabled, tags: s.tags ?? undefined,
  };
}

function routeBody(r: KongRoute) {
  return {
    name: r.name ?? undefined, protocols: r.protocols ?? undefined, methods: r.methods, hosts: r.hosts, paths: r.paths, headers: r.headers,
    snis: r.snis, strip_path: r.strip_path ?? undefined, preserve_host: r.preserve_host ?? undefined, regex_priority: r.regex_priority ?? undefined,
    https_redirect_status_code: r.https_redirect_status_code ?? undefined, request_buffering: r.request_buffering ?? undefined,
    response_buffering: r.response_buffering ?? undefined, tags: r.tags ?? undefined, service: r.service,
  };
}

function pluginBody(p: KongPlugin) {
  return {
    name: p.name, instance_name: p.instance_name ?? undefined, config: p.config, protocols: p.protocols ?? undefined, enabled: p.enabled,
    tags: p.tags ?? undefined, route: p.route, service: p.service,
  };
}
