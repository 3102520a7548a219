import type { FieldSpec, RecordFields } from "./field-spec";

// A handful of bundled plugins with their 3.9 config fields and defaults. Enough for a catalog to
// read plugin configs; not a full reproduction of every plugin schema.

const str = (d?: string, oneOf?: readonly string[]): FieldSpec => ({ type: "string", default: d, oneOf });
const int = (d?: number, between?: readonly [number, number]): FieldSpec => ({ type: "integer", default: d, between });
const num = (d?: number): FieldSpec => ({ type: "number", default: d });
const bool = (d: boolean): FieldSpec => ({ type: "boolean", default: d });
const strings = (d?: string[]): FieldSpec => ({ type: "array", default: d, elements: { type: "string" } });
const rec = (fields: RecordFields): FieldSpec => ({ type: "record", fields, default: {} });

const transformSection = (withUri: boolean): FieldSpec =>
  rec([
    ["body", strings([])],
    ["headers", strings([])],
    ["querystring", strings([])],
    ...(withUri ? ([["uri", str()]] as const) : []),
  ]);

/** A bundled plugin: version, priority and config schema. */
export type PluginDefinition = { priority: number; config: RecordFields; requireOneOf?: readonly string[] };

/** The plugins the sandbox knows; any other name is "not enabled". */
export const PLUGIN_CATALOG: Record<string, PluginDefinition> = {
  "key-auth": {
    priority: 1250,
    config: [
      ["key_names", strings(["apikey"])], ["hide_credentials", bool(false)], ["anonymous", str()],
      ["key_in_header", bool(true)], ["key_in_query", bool(true)], ["key_in_body", bool(false)],
      ["run_on_preflight", bool(true)], ["realm", str()],
    ],
  },
  "basic-auth": {
    priority: 1100,
    config: [["anonymous", str()], ["hide_credentials", bool(false)], ["realm", str("service")]],
  },
  jwt: {
    priority: 1450,
    config: [
      ["uri_param_names", strings(["jwt"])], ["cookie_names", strings([])], ["key_claim_name", str("iss")],
      ["secret_is_base64", bool(false)], ["claims_to_verify", strings()], ["anonymous", str()],
      ["run_on_preflight", bool(true)], ["maximum_expiration", num(0)], ["header_names", strings(["authorization"])],
      ["realm", str()],
    ],
  },
  oauth2: {
    priority: 1400,
    config: [
      ["scopes", strings()], ["mandatory_scope", bool(false)], ["provision_key", str()],
      ["token_expiration", num(7200)], ["enable_authorization_code", bool(false)],
      ["enable_client_credentials", bool(false)], ["enable_implicit_grant", bool(false)],
      ["enable_password_grant", bool(false)], ["hide_credentials", bool(false)],
      ["accept_http_if_already_terminated", bool(false)], ["anonymous", str()], ["global_credentials", bool(false)],
      ["auth_header_name", str("authorization")], ["refresh_token_ttl", num(1209600)],
      ["reuse_refresh_token", bool(false)], ["persistent_refresh_token", bool(false)],
      ["pkce", str("lax", ["none", "lax", "strict"])], ["realm", str()],
    ],
  },
  acl: {
    priority: 950,
    config: [
      ["allow", strings()], ["deny", strings()], ["hide_groups_header", bool(false)],
      ["include_consumer_groups", bool(false)], ["always_use_authenticated_groups", bool(false)],
    ],
    requireOneOf: ["allow", "deny"],
  },
  "rate-limiting": {
    priority: 910,
    config: [
      ["second", num()], ["minute", num()], ["hour", num()], ["day", num()], ["month", num()], ["year", num()],
      ["limit_by", str("consumer", ["consumer", "credential", "ip", "service", "header", "path", "consumer-group"])],
      ["header_name", str()], ["path", str()], ["policy", str("local", ["local", "cluster", "redis"])],
      ["fault_tolerant", bool(true)], ["hide_client_headers", bool(false)], ["error_code", num(429)],
      ["error_message", str("API rate limit exceeded")], ["sync_rate", num(-1)],
      ["redis", rec([
        ["host", str()], ["port", int(6379, [0, 65535])], ["username", str()], ["password", str()],
        ["database", int(0)], ["ssl", bool(false)], ["ssl_verify", bool(false)], ["server_name", str()],
        ["timeout", int(2000)],
      ])],
    ],
    requireOneOf: ["second", "minute", "hour", "day", "month", "year"],
  },
  cors: {
    priority: 2000,
    config: [
      ["origins", strings()], ["headers", strings()], ["exposed_headers", strings()],
      ["methods", strings(["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"])],
      ["max_age", num()], ["credentials", bool(false)], ["private_network", bool(false)],
      ["preflight_continue", bool(false)],
    ],
  },
  "request-transformer": {
    priority: 801,
    config: [
      ["http_method", str()], ["remove", transformSection(false)], ["rename", transformSection(false)],
      ["replace", transformSection(true)], ["add", transformSection(false)], ["append", transformSection(false)],
    ],
  },
  prometheus: {
    priority: 13,
    config: [
      ["per_consumer", bool(false)], ["status_code_metrics", bool(false)], ["latency_metrics", bool(false)],
      ["bandwidth_metrics", bool(false)], ["upstream_health_metrics", bool(false)], ["ai_metrics", bool(false)],
    ],
  },
};

/** Kong's error for a plugin that is not bundled or not enabled. */
export function pluginNotEnabled(name: string): string {
  return `plugin '${name}' not enabled; add it to the 'plugins' configuration property`;
}
