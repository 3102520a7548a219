import type { FieldErrors } from "../api-error";
import type { Entity, EntityKind } from "../types";
import { validateTag, validateUtf8Name } from "./validators";
import type { FieldSpec, RecordFields } from "./field-spec";

/** An entity-level check; skipped when one of its fields already failed (as Kong does). */
export type EntityCheck = { fields: readonly string[]; check: (e: Entity) => FieldErrors | null };

/** A foreign key and what deleting the referenced entity does to this one. */
export type ForeignKey = { field: string; reference: string; onDelete: "cascade" | "restrict" };

/** Everything the store needs to know about one entity kind. */
export type EntitySchema = {
  kind: EntityKind;
  /** The path key besides the id ("name", "target", "instance_name"). */
  endpointKey: string;
  /** Fields with a unique constraint (per workspace). */
  unique: readonly string[];
  /** Kong's cache_key, unique as a tuple (plugins, targets). */
  cacheKey?: readonly string[];
  /** auto_timestamp_s (integer seconds) or auto_timestamp_ms (float seconds). */
  timestamps: "s" | "ms";
  fields: RecordFields;
  foreign: readonly ForeignKey[];
  checks: readonly EntityCheck[];
  /** Shorthand fields (services.url); returns the rewritten input or throws. */
  shorthand?: (input: Record<string, unknown>) => Record<string, unknown>;
  /** DAO-level rewrite before validation (targets append the default port); throws on error. */
  prepare?: (input: Record<string, unknown>) => Record<string, unknown>;
  /** Defaults that depend on other fields (grpc routes, plugin configs). */
  dynamicDefaults?: (e: Record<string, unknown>) => Record<string, unknown>;
  /** Field validation that needs the whole entity (plugin config per plugin name). */
  validateExtra?: (e: Record<string, unknown>) => FieldErrors | undefined;
  /** Path of the collection on the Admin API when it is not the DAO name (admin_api_name). */
  adminName?: string;
  /** Path below a parent (admin_api_nested_name), e.g. /consumers/{c}/key-auth. */
  nestedName?: string;
  /** Rows may carry a time to live (schema.ttl): `ttl` on writes, the seconds left on reads. */
  ttl?: boolean;
  /** Kong's on_write transformations (hash a password, digest a certificate), after validation; `input` is what the write gave. */
  transform?: (e: Entity, input: Record<string, unknown>) => Entity;
  /** Not stored: computed on read (certificates.snis). */
  transient?: readonly string[];
  /** Below its parent, a non-UUID key matches this field among the parent's children (acls by group). */
  keyInParent?: string;
  /** The entity_checks GET /schemas shows (the checks themselves are functions in `checks`). */
  checksJson?: readonly Record<string, unknown>[];
  /** No Admin API of its own (/targets is disabled: only nested under an upstream). */
  noTopLevel?: boolean;
};

/** The Admin API path segment of a kind's collection. */
export function adminName(schema: EntitySchema): string {
  return schema.adminName ?? schema.kind;
}

/** The eight protocols a service or route can speak. */
export const PROTOCOLS = ["grpc", "grpcs", "http", "https", "tcp", "tls", "tls_passthrough", "udp"] as const;

// Field definitions shared by several entities (typedefs.lua).
export const idField: FieldSpec = { type: "string", uuid: true, auto: true };
export const timestampSeconds: FieldSpec = { type: "integer", auto: true };
export const timestampMs: FieldSpec = { type: "number", auto: true };
export const nameField: FieldSpec = { type: "string", custom: validateUtf8Name as (v: never) => string | null };
export const tagsField: FieldSpec = {
  type: "set",
  elements: { type: "string", custom: validateTag as (v: never) => string | null },
};

/** True when a value counts as "set" for at_least_one_of checks (non-null, non-empty). */
export function isNonEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** Helper for checks that report a field that must stay null. */
export function mustBeNull(e: Entity, fields: readonly string[], message = "value must be null"): FieldErrors | null {
  const errs: FieldErrors = {};
  for (const f of fields) if (e[f] !== null && e[f] !== undefined) errs[f] = message;
  return Object.keys(errs).length > 0 ? errs : null;
}
