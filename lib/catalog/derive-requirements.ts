// What a caller must do to pass a gateway route: the plugins Kong would run on it, read as
// authentication, rate limits, ACL groups, CORS and request size. Kong keeps one configuration
// per plugin name for a request, the most specific (kong/runloop/plugins_iterator.lua: route and
// service > route > service > global, consumer scopes above those); disabled plugins are not
// loaded at all, so they never hide a less specific one. Consumer-scoped plugins apply to one
// consumer only and are left out: they are not what every caller must do.
import type { TAuthRequirement, TRequirements } from "../api/schemas/requirements";
import type { GatewayPluginInfo, GatewayRouteInfo } from "./types";

type Scope = "route+service" | "route" | "service" | "global";
type Scoped = { p: GatewayPluginInfo; scope: Scope };

const RANK: Record<Scope, number> = { "route+service": 3, route: 2, service: 1, global: 0 };
const PERIODS: [string, number][] = [["second", 1], ["minute", 60], ["hour", 3600], ["day", 86400], ["month", 2592000], ["year", 31536000]];
const UNIT_BYTES: Record<string, number> = { bytes: 1, kilobytes: 2 ** 10, megabytes: 2 ** 20 };

/** The scope a plugin is configured at. */
export function pluginScope(p: Pick<GatewayPluginInfo, "routeId" | "serviceId">): Scope {
  return p.routeId && p.serviceId ? "route+service" : p.routeId ? "route" : p.serviceId ? "service" : "global";
}

/** The plugin configuration Kong applies per plugin name on `route`, given every plugin that could apply. */
export function effectivePlugins(route: Pick<GatewayRouteInfo, "id" | "serviceId">, plugins: GatewayPluginInfo[]): Scoped[] {
  const best = new Map<string, Scoped>();
  for (const p of plugins) {
    if (!p.enabled || p.consumerScoped) continue;
    // Only plugins on this route, its service, or global ones (a route+service plugin needs both to match).
    if (p.routeId && p.routeId !== route.id) continue;
    if (p.serviceId && p.serviceId !== route.serviceId) continue;
    const scope = pluginScope(p);
    const prev = best.get(p.name);
    if (!prev || RANK[scope] > RANK[prev.scope]) best.set(p.name, { p, scope });
  }
  return [...best.values()].sort((a, b) => a.p.name.localeCompare(b.p.name));
}

/** What a caller of `route` must do, from the plugins that apply to it. */
export function deriveRequirements(route: Pick<GatewayRouteInfo, "id" | "serviceId" | "gateway" | "name">, plugins: GatewayPluginInfo[]): TRequirements {
  const out: TRequirements = { gateway: route.gateway, route: route.name ?? route.id, authentication: [], rateLimits: [], acl: null, cors: null, requestSize: null };
  for (const { p, scope } of effectivePlugins(route, plugins)) {
    const c = p.config ?? {};
    const auth = authRequirement(p.name, scope, c);
    if (auth) out.authentication.push(auth);
    else if (p.name === "rate-limiting") {
      const limits = PERIODS.filter(([k]) => typeof c[k] === "number").map(([per, seconds]) => ({ limit: c[per] as number, seconds, per }));
      out.rateLimits.push({ plugin: p.name, scope, limits, limitBy: str(c.limit_by) ?? "consumer" });
    } else if (p.name === "rate-limiting-advanced") {
      const limit = nums(c.limit);
      const windows = nums(c.window_size);
      const limits = limit.slice(0, windows.length).map((l, i) => ({ limit: l, seconds: windows[i], per: periodName(windows[i]) }));
      out.rateLimits.push({ plugin: p.name, scope, limits, limitBy: str(c.identifier) ?? "consumer" });
    } else if (p.name === "acl") {
      out.acl = { plugin: p.name, scope, allow: strs(c.allow), deny: strs(c.deny) };
    } else if (p.name === "cors") {
      out.cors = { plugin: p.name, scope, origins: strs(c.origins), methods: strs(c.methods), credentials: c.credentials === true };
    } else if (p.name === "request-size-limiting") {
      // Kong's defaults: 128 megabytes (kong/plugins/request-size-limiting/schema.lua), 1 MB = 2^20 bytes.
      const limit = typeof c.allowed_payload_size === "number" ? c.allowed_payload_size : 128;
      const unit = str(c.size_unit) ?? "megabytes";
      out.requestSize = { plugin: p.name, scope, limit, unit, bytes: limit * (UNIT_BYTES[unit] ?? 1) };
    }
  }
  return out;
}

function authRequirement(name: string, scope: Scope, c: Record<string, unknown>): TAuthRequirement | null {
  const base = { plugin: name, scope, optional: c.anonymous === true };
  switch (name) {
    case "key-auth": {
      // Defaults as in Kong's key-auth schema: key_names [apikey], in header and query, not in the body.
      const where = (["header", "query", "body"] as const).filter((w) => (c[`key_in_${w}`] ?? w !== "body") === true);
      return { type: "key-auth", ...base, keyNames: strs(c.key_names, ["apikey"]), in: where };
    }
    case "basic-auth":
      return { type: "basic-auth", ...base, realm: str(c.realm) };
    case "jwt":
      return { type: "jwt", ...base, headerNames: strs(c.header_names, ["authorization"]), cookieNames: strs(c.cookie_names), uriParamNames: strs(c.uri_param_names, ["jwt"]) };
    case "oauth2": {
      const flows = [["enable_authorization_code", "authorization_code"], ["enable_implicit_grant", "implicit"], ["enable_client_credentials", "client_credentials"], ["enable_password_grant", "password"]]
        .filter(([k]) => c[k] === true)
        .map(([, f]) => f);
      return { type: "oauth2", ...base, scopes: strs(c.scopes), mandatoryScope: c.mandatory_scope === true, flows, headerName: str(c.auth_header_name) ?? "authorization" };
    }
    case "openid-connect":
      return { type: "openid-connect", ...base, issuer: str(c.issuer), scopes: strs(c.scopes_required), methods: strs(c.auth_methods) };
    case "mtls-auth":
      return { type: "mtls-auth", ...base };
    case "hmac-auth":
      return { type: "hmac-auth", ...base, algorithms: strs(c.algorithms), enforceHeaders: strs(c.enforce_headers) };
    case "ldap-auth":
      return { type: "ldap-auth", ...base, headerType: str(c.header_type) ?? "ldap" };
    default:
      return null;
  }
}

function periodName(seconds: number): string {
  const p = PERIODS.find(([, s]) => s === seconds);
  return p ? p[0] : `${seconds} seconds`;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function strs(v: unknown, fallback: string[] = []): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : fallback;
}

function nums(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
}
