import type { Entity } from "../types";
import { type EntitySchema, idField, tagsField, timestampSeconds } from "./entity-schema";
import { type FieldSpec, isPlainObject, type RecordFields } from "./field-spec";
import { pathField } from "./services";
import { validateHostWithOptionalPort, validateUpstreamName } from "./validators";

/** Default `healthchecks` of upstreams.lua (healthchecks_config). */
export const DEFAULT_HEALTHCHECKS = {
  active: {
    type: "http", timeout: 1, concurrency: 10, http_path: "/",
    https_sni: null, https_verify_certificate: true, headers: null,
    healthy: { interval: 0, http_statuses: [200, 302], successes: 0 },
    unhealthy: {
      interval: 0, http_statuses: [429, 404, 500, 501, 502, 503, 504, 505],
      tcp_failures: 0, timeouts: 0, http_failures: 0,
    },
  },
  passive: {
    type: "http",
    healthy: {
      http_statuses: [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308],
      successes: 0,
    },
    unhealthy: { http_statuses: [429, 500, 503], tcp_failures: 0, timeouts: 0, http_failures: 0 },
  },
  threshold: 0,
};

// upstreams.lua gen_fields: each healthcheck field's type comes from its name (the `types` table),
// a record from its defaults; `headers` has no default.
const HC_TYPES: Record<string, FieldSpec> = {
  type: { type: "string", oneOf: ["tcp", "http", "https", "grpc", "grpcs"] },
  timeout: { type: "number", between: [0, 65535] },
  interval: { type: "number", between: [0, 65535] },
  concurrency: { type: "integer", between: [1, 2 ** 31] },
  successes: { type: "integer", between: [0, 255] },
  tcp_failures: { type: "integer", between: [0, 255] },
  timeouts: { type: "integer", between: [0, 255] },
  http_failures: { type: "integer", between: [0, 255] },
  http_path: { ...pathField },
  http_statuses: { type: "array", elements: { type: "integer", between: [100, 999] } },
  https_sni: { type: "string" },
  https_verify_certificate: { type: "boolean", required: true },
  headers: { type: "map", keys: { type: "string" }, values: { type: "array", elements: { type: "string" } }, required: false },
  threshold: { type: "number", between: [0, 100] },
};

function specFor(key: string, v: unknown): FieldSpec {
  const typed = HC_TYPES[key];
  if (typed) return v === null || v === undefined ? typed : { ...typed, default: v };
  if (isPlainObject(v)) return { type: "record", default: v, fields: recordFrom(v) };
  return { type: "any" };
}

function recordFrom(defaults: Record<string, unknown>): RecordFields {
  return Object.entries(defaults).map(([k, v]) => [k, specFor(k, v)] as const);
}

const HASH_ON = ["none", "consumer", "ip", "header", "cookie", "path", "query_arg", "uri_capture"];

function requiredWhen(e: Entity, field: string, value: string, then: string) {
  return e[field] === value && (e[then] === null || e[then] === undefined) ? { [then]: "required field missing" } : null;
}

/** kong/db/schema/entities/upstreams.lua (3.x field set). */
export const upstreamSchema: EntitySchema = {
  kind: "upstreams",
  endpointKey: "name",
  unique: ["name"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["name", { type: "string", required: true, custom: validateUpstreamName as (v: never) => string | null }],
    ["algorithm", { type: "string", default: "round-robin", oneOf: ["consistent-hashing", "least-connections", "round-robin", "latency"] }],
    ["hash_on", { type: "string", default: "none", oneOf: HASH_ON }],
    ["hash_fallback", { type: "string", default: "none", oneOf: HASH_ON }],
    ["hash_on_header", { type: "string" }],
    ["hash_fallback_header", { type: "string" }],
    ["hash_on_cookie", { type: "string" }],
    ["hash_on_cookie_path", { ...pathField, default: "/" }],
    ["hash_on_query_arg", { type: "string" }],
    ["hash_fallback_query_arg", { type: "string" }],
    ["hash_on_uri_capture", { type: "string" }],
    ["hash_fallback_uri_capture", { type: "string" }],
    ["slots", { type: "integer", default: 10000, between: [10, 65536] }],
    ["healthchecks", { type: "record", default: DEFAULT_HEALTHCHECKS, fields: recordFrom(DEFAULT_HEALTHCHECKS) }],
    ["tags", tagsField],
    ["host_header", { type: "string", custom: validateHostWithOptionalPort as (v: never) => string | null }],
    ["client_certificate", { type: "foreign", reference: "certificates" }],
    ["use_srv_name", { type: "boolean", default: false }],
  ],
  foreign: [{ field: "client_certificate", reference: "certificates", onDelete: "restrict" }],
  checks: [
    { fields: ["hash_on", "hash_on_header"], check: (e) => requiredWhen(e, "hash_on", "header", "hash_on_header") },
    { fields: ["hash_fallback", "hash_fallback_header"], check: (e) => requiredWhen(e, "hash_fallback", "header", "hash_fallback_header") },
    { fields: ["hash_on", "hash_on_cookie"], check: (e) => requiredWhen(e, "hash_on", "cookie", "hash_on_cookie") },
    {
      fields: ["hash_on", "hash_fallback"],
      check: (e) => (e.hash_on === "none" && e.hash_fallback !== "none" ? { hash_fallback: "expected one of: none" } : null),
    },
  ],
};
