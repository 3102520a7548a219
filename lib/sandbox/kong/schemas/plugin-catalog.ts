import { isNonEmpty } from "./entity-schema";
import type { FieldSpec, RecordFields } from "./field-spec";
import { validateHost } from "./validators";

// The bundled plugins the sandbox knows, with their config schemas as in Kong 3.9.1
// (kong/plugins/<name>/schema.lua): field order, types, defaults, required flags and bounds.
// Lua-pattern and Lua-code validators are not reproduced.

const str = (extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: "string", ...extra });
const bool = (d: boolean, required = true): FieldSpec => ({ type: "boolean", default: d, ...(required ? { required } : {}) });
const num = (extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: "number", ...extra });
const int = (extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: "integer", ...extra });
const list = (type: "array" | "set", extra: Partial<FieldSpec> = {}): FieldSpec => ({ type, elements: { type: "string" }, ...extra });
const record = (fields: RecordFields, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: "record", fields, ...extra });

/** HTTP-subsystem protocols, sorted (typedefs: http_protocols). */
export const HTTP_PROTOCOLS = ["grpc", "grpcs", "http", "https"];

/** A deprecated config field that writes a new one (shorthand_fields). */
export type Shorthand = { name: string; type: FieldSpec["type"]; path: string[]; message: string };

/** A bundled plugin: priority, subschema switches and config schema. */
export type PluginDefinition = {
  priority: number;
  /** typedefs.protocols_http (only HTTP-subsystem protocols) or typedefs.protocols (any). */
  protocols: "http" | "any";
  /** typedefs.no_consumer: the plugin cannot be scoped to a consumer. */
  noConsumer?: boolean;
  config: RecordFields;
  shorthands?: readonly Shorthand[];
  /** At least one of these config fields must be non-empty (entity check). */
  requireOneOf?: readonly string[];
  /** The config record's custom_validator and the plugin's other entity checks: messages. */
  check?: (config: Record<string, unknown>) => string | null;
};

const redisShorthands = (plugin: string): Shorthand[] =>
  ([["host", "string"], ["port", "integer"], ["password", "string"], ["username", "string"], ["ssl", "boolean"],
    ["ssl_verify", "boolean"], ["server_name", "string"], ["timeout", "integer"], ["database", "integer"]] as const)
    .map(([f, type]) => ({
      name: `redis_${f}`, type, path: ["redis", f],
      message: `${plugin}: config.redis_${f} is deprecated, please use config.redis.${f} instead`,
    }));

const PERIODS = ["second", "minute", "hour", "day", "month", "year"];
const present = (v: unknown) => typeof v === "string" && v.length > 0;
const CORS_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"];

const stringsArray = (): FieldSpec => list("array", { default: [], required: true });
const transformRecord = (withUri: boolean): FieldSpec =>
  record([["body", stringsArray()], ["headers", stringsArray()], ["querystring", stringsArray()], ...(withUri ? [["uri", str()] as const] : [])]);

const QUEUE: FieldSpec = record([
  ["max_batch_size", int({ default: 1, between: [1, 1000000] })],
  ["max_coalescing_delay", num({ default: 1, between: [0, 3600] })],
  ["max_entries", int({ default: 10000, between: [1, 1000000] })],
  ["max_bytes", int()],
  ["max_retry_time", num({ default: 60 })],
  ["initial_retry_delay", num({ default: 0.01, between: [0.001, 1000000] })],
  ["max_retry_delay", num({ default: 60, between: [0.001, 1000000] })],
  ["concurrency_limit", int({ default: 1, oneOf: [-1, 1] })],
], { required: true });

/** The plugins the sandbox knows; any other name is "not enabled". */
export const PLUGIN_CATALOG: Record<string, PluginDefinition> = {
  "key-auth": {
    priority: 1250, protocols: "http", noConsumer: true,
    config: [
      ["key_names", list("array", { required: true, default: ["apikey"] })],
      ["hide_credentials", bool(false)], ["anonymous", str()], ["key_in_header", bool(true)],
      ["key_in_query", bool(true)], ["key_in_body", bool(false)], ["run_on_preflight", bool(true)], ["realm", str()],
    ],
  },
  "basic-auth": {
    priority: 1100, protocols: "http", noConsumer: true,
    config: [["anonymous", str()], ["hide_credentials", bool(false)], ["realm", str({ required: true, default: "service" })]],
  },
  "hmac-auth": {
    priority: 1030, protocols: "http", noConsumer: true,
    config: [
      ["hide_credentials", bool(false)], ["clock_skew", num({ default: 300, gt: 0 })], ["anonymous", str()],
      ["validate_request_body", bool(false)], ["enforce_headers", list("array", { default: [] })],
      ["algorithms", list("array", { default: ["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"] })], ["realm", str()],
    ],
  },
  jwt: {
    priority: 1450, protocols: "http", noConsumer: true,
    config: [
      ["uri_param_names", list("set", { default: ["jwt"] })], ["cookie_names", list("set", { default: [] })],
      ["key_claim_name", str({ default: "iss" })], ["secret_is_base64", bool(false)],
      ["claims_to_verify", { type: "set", elements: { type: "string", oneOf: ["exp", "nbf"] } }],
      ["anonymous", str()], ["run_on_preflight", bool(true)],
      ["maximum_expiration", num({ default: 0, between: [0, 31536000] })],
      ["header_names", list("set", { default: ["authorization"] })], ["realm", str()],
    ],
  },
  oauth2: {
    priority: 1400, protocols: "http", noConsumer: true,
    config: [
      ["scopes", list("array")], ["mandatory_scope", bool(false)],
      ["provision_key", str({ unique: true, auto: true, required: true })], ["token_expiration", num({ default: 7200, required: true })],
      ["enable_authorization_code", bool(false)], ["enable_implicit_grant", bool(false)],
      ["enable_client_credentials", bool(false)], ["enable_password_grant", bool(false)], ["hide_credentials", bool(false)],
      ["accept_http_if_already_terminated", bool(false)], ["anonymous", str()], ["global_credentials", bool(false)],
      ["auth_header_name", str({ default: "authorization" })], ["refresh_token_ttl", num({ default: 1209600, required: true, between: [0, 100000000] })],
      ["reuse_refresh_token", bool(false)], ["pkce", str({ default: "lax", oneOf: ["none", "lax", "strict"] })], ["realm", str()],
    ],
    check: (c) => (c.enable_authorization_code || c.enable_implicit_grant || c.enable_client_credentials || c.enable_password_grant
      ? null
      : "at least one of these fields must be true: enable_authorization_code, enable_implicit_grant, enable_client_credentials, enable_password_grant"),
  },
  acl: {
    priority: 950, protocols: "http", noConsumer: true,
    config: [["allow", list("array")], ["deny", list("array")], ["hide_groups_header", bool(false)], ["always_use_authenticated_groups", bool(false)]],
    requireOneOf: ["allow", "deny"],
    check: (c) => (isNonEmpty(c.allow) && isNonEmpty(c.deny) ? "only one of these fields must be non-empty: 'config.allow', 'config.deny'" : null),
  },
  "rate-limiting": {
    priority: 910, protocols: "http",
    config: [
      ...PERIODS.map((p) => [p, num({ gt: 0 })] as const),
      ["limit_by", str({ default: "consumer", oneOf: ["consumer", "credential", "ip", "service", "header", "path"] })],
      ["header_name", str()],
      ["path", str({ startsWith: "/" })],
      ["policy", str({ default: "local", lenMin: 0, oneOf: ["local", "cluster", "redis"] })],
      ["fault_tolerant", bool(true)],
      ["redis", record([
        ["host", str({ custom: validateHost as (v: never) => string | null })], ["port", int({ default: 6379, between: [0, 65535] })],
        ["timeout", int({ default: 2000, between: [0, 2 ** 31 - 2] })], ["username", str()], ["password", str({ lenMin: 0 })],
        ["database", int({ default: 0 })], ["ssl", bool(false, false)], ["ssl_verify", bool(false, false)], ["server_name", str()],
      ])],
      ["hide_client_headers", bool(false)], ["error_code", num({ default: 429, gt: 0 })],
      ["error_message", str({ default: "API rate limit exceeded" })], ["sync_rate", num({ required: true, default: -1 })],
    ],
    shorthands: redisShorthands("rate-limiting"),
    requireOneOf: PERIODS,
    check: (c) => {
      for (let i = 0; i < PERIODS.length; i++) {
        const lower = c[PERIODS[i]];
        if (typeof lower !== "number") continue;
        for (const upper of PERIODS.slice(i + 1)) {
          const v = c[upper];
          if (typeof v === "number" && v < lower) {
            return `The limit for ${upper}(${v.toFixed(1)}) cannot be lower than the limit for ${PERIODS[i]}(${lower.toFixed(1)})`;
          }
        }
      }
      if (c.policy !== "redis" && c.sync_rate !== -1) return "sync_rate can only be used with the redis policy";
      if (c.limit_by === "header" && !c.header_name) return "config.header_name: required field missing";
      return null;
    },
  },
  cors: {
    priority: 2000, protocols: "http", noConsumer: true,
    config: [
      ["origins", list("array")], ["headers", list("array")], ["exposed_headers", list("array")],
      ["methods", { type: "array", default: CORS_METHODS, elements: { type: "string", oneOf: CORS_METHODS } }],
      ["max_age", num()], ["credentials", bool(false)], ["private_network", bool(false)], ["preflight_continue", bool(false)],
    ],
  },
  "request-termination": {
    priority: 2, protocols: "http",
    config: [
      ["status_code", int({ required: true, default: 503, between: [100, 599] })], ["message", str()], ["content_type", str()],
      ["body", str()], ["echo", bool(false)], ["trigger", str()],
    ],
    check: (c) => {
      if (present(c.message) && (present(c.content_type) || present(c.body))) return "message cannot be used with content_type or body";
      if (present(c.content_type) && !present(c.body)) return "content_type requires a body";
      if (c.echo && (present(c.content_type) || present(c.body))) return "echo cannot be used with content_type and body";
      return null;
    },
  },
  "request-transformer": {
    priority: 801, protocols: "any",
    config: [
      ["http_method", str({ match: /^[A-Z]+$/ })], ["remove", transformRecord(false)], ["rename", transformRecord(false)],
      ["replace", transformRecord(true)], ["add", transformRecord(false)], ["append", transformRecord(false)],
    ],
  },
  "http-log": {
    priority: 12, protocols: "any",
    config: [
      ["http_endpoint", str({ required: true })],
      ["method", str({ default: "POST", oneOf: ["POST", "PUT", "PATCH"] })],
      ["content_type", str({ default: "application/json", oneOf: ["application/json", "application/json; charset=utf-8"] })],
      ["timeout", num({ default: 10000 })], ["keepalive", num({ default: 60000 })],
      ["retry_count", int()], ["queue_size", int()], ["flush_timeout", num()],
      ["headers", { type: "map", keys: { type: "string" }, values: { type: "string" } }],
      ["queue", QUEUE],
      ["custom_fields_by_lua", { type: "map", keys: { type: "string", lenMin: 1 }, values: { type: "string", lenMin: 1 } }],
    ],
  },
  prometheus: {
    priority: 13, protocols: "any",
    config: [
      ["per_consumer", bool(false, false)], ["status_code_metrics", bool(false, false)], ["ai_metrics", bool(false, false)],
      ["latency_metrics", bool(false, false)], ["bandwidth_metrics", bool(false, false)], ["upstream_health_metrics", bool(false, false)],
    ],
  },
};

/** Kong's error for a plugin that is not bundled or not enabled. */
export function pluginNotEnabled(name: string): string {
  return `plugin '${name}' not enabled; add it to the 'plugins' configuration property`;
}
