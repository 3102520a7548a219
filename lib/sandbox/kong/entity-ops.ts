import {
  foreignKeyInvalid, foreignKeyRestricted, foreignKeysUnresolved, type FieldErrors, invalidOptions, notFound, primaryKeyViolation,
  schemaViolation, uniqueViolation, type UnresolvedForeign,
} from "./api-error";
import { afterCertificateWrite, beforeCertificateWrite, deleteCertificateSnis } from "./certificate-snis";
import { randomString } from "./random-string";
import type { EntitySchema } from "./schemas/entity-schema";
import { fillDefaults, isPlainObject, mergeRecord, validateRecord } from "./schemas/field-spec";
import { SCHEMAS } from "./schemas/index";
import { formatTarget } from "./schemas/validators";
import { ENTITY_KINDS, type Entity, type EntityKind } from "./types";
import { isUuid, uuidV4 } from "./uuid";
import type { WorkspaceData } from "./workspace-data";

// The DAO of the sandbox: Kong's order of work for each write is kept (shorthands and defaults,
// foreign keys by name, schema validation, then the database constraints), so that the same
// input fails with the same error as on a real node.

/** Per-call options of the write operations. */
export type OpOptions = {
  /** Stop after validation: DB-less writes are validated, then refused. */
  dryRun?: boolean;
  /** Fields set by the URL of a nested endpoint, applied over the body. */
  forced?: Record<string, unknown>;
  /** Targets: restrict lookups to this upstream id. */
  upstreamId?: string;
  /** Clock override in ms (tests). */
  now?: number;
};

const isKind = (k: string): k is EntityKind => (ENTITY_KINDS as readonly string[]).includes(k);

/** Finds an entity by id (when the key is a UUID) or by its endpoint key. */
export function selectEntity(ws: WorkspaceData, kind: EntityKind, key: string, opts: OpOptions = {}): Entity | undefined {
  const table = ws.table(kind);
  if (kind === "targets") {
    const inUpstream = (e: Entity) => !opts.upstreamId || (e.upstream as { id: string }).id === opts.upstreamId;
    if (isUuid(key)) {
      const e = table.get(key.toLowerCase());
      if (e && inUpstream(e)) return e;
    }
    const formatted = formatTarget(key);
    return [...table.where("target", key), ...table.where("target", formatted)].find(inUpstream);
  }
  if (isUuid(key)) return table.get(key.toLowerCase());
  const field = SCHEMAS[kind].endpointKey;
  if (field === "id") return undefined;
  return table.where(field, key)[0];
}

/** Kong's DAO_MAX_TTL. */
const MAX_TTL = 100_000_000;

// extract_options: `ttl` in the body of a ttl-enabled kind is an option, not a field.
function takeTtl(schema: EntitySchema, input: unknown): { input: unknown; ttl: number | null | undefined } {
  if (!schema.ttl || !isPlainObject(input) || input.ttl === undefined) return { input, ttl: undefined };
  const { ttl, ...rest } = input;
  if (ttl === null) return { input: rest, ttl: null };
  if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
    throw invalidOptions({ ttl: `must be an integer between 0 and ${MAX_TTL}` });
  }
  return { input: rest, ttl };
}

// process_auto_fields: auto strings (keys, secrets, client ids) are generated when missing.
function fillAuto(schema: EntitySchema, e: Record<string, unknown>): Record<string, unknown> {
  const out = { ...e };
  for (const [name, spec] of schema.fields) {
    if (spec.auto && spec.type === "string" && !spec.uuid && out[name] === undefined) out[name] = randomString();
  }
  return out;
}

// Transient fields (certificates.snis) are validated but never stored.
function stored(schema: EntitySchema, e: Entity): Entity {
  if (!schema.transient) return e;
  const out = { ...e };
  for (const f of schema.transient) delete out[f];
  return out;
}

function resolveForeign(ws: WorkspaceData, schema: EntitySchema, input: Record<string, unknown>) {
  const out = { ...input };
  const unresolved: UnresolvedForeign[] = [];
  for (const fk of schema.foreign) {
    const v = out[fk.field];
    if (!isPlainObject(v)) continue;
    if (isUuid(v.id)) {
      out[fk.field] = { id: v.id.toLowerCase() };
      continue;
    }
    if (v.id !== undefined && v.id !== null) continue; // validation reports the malformed id
    const refSchema = isKind(fk.reference) ? SCHEMAS[fk.reference] : undefined;
    for (const key of refSchema?.unique ?? []) {
      if (v[key] === undefined || v[key] === null) continue;
      const found = ws.table(refSchema!.kind).where(key, v[key])[0];
      if (found) {
        out[fk.field] = { id: found.id };
        break;
      }
      unresolved.push({ field: fk.field, key, value: v[key], parent: fk.reference });
    }
  }
  if (unresolved.length > 0) throw foreignKeysUnresolved(unresolved);
  return out;
}

function mergeErrors(into: FieldErrors, more: FieldErrors | null | undefined) {
  if (!more) return;
  for (const [k, v] of Object.entries(more)) {
    if (k === "@entity" && Array.isArray(into[k]) && Array.isArray(v)) (into[k] as unknown[]).push(...v);
    else if (!(k in into)) into[k] = v;
  }
}

/** Field validation, then the entity checks whose fields are valid; throws a schema violation. */
export function validateEntity(schema: EntitySchema, e: Entity): void {
  const errs: FieldErrors = validateRecord(schema.fields, e) ?? {};
  mergeErrors(errs, schema.validateExtra?.(e));
  for (const c of schema.checks) {
    if (c.fields.some((f) => f in errs)) continue;
    mergeErrors(errs, c.check(e));
  }
  if (Object.keys(errs).length > 0) throw schemaViolation(errs);
}

function checkConstraints(ws: WorkspaceData, schema: EntitySchema, e: Entity, isInsert: boolean) {
  const table = ws.table(schema.kind);
  if (isInsert && table.has(e.id)) throw primaryKeyViolation(e.id);
  for (const f of schema.unique) {
    const v = e[f];
    if (v !== null && v !== undefined && table.where(f, v).some((o) => o.id !== e.id)) throw uniqueViolation({ [f]: v });
  }
  if (schema.cacheKey) {
    const fields = schema.cacheKey;
    const sig = (x: Entity) => JSON.stringify(fields.map((f) => x[f] ?? null));
    const mine = sig(e);
    // Candidates share the first cache-key field (e.g. the plugin name); compare the whole key.
    const candidates = e[fields[0]] === null || e[fields[0]] === undefined ? table.filter(() => true) : table.where(fields[0], e[fields[0]]);
    if (candidates.some((o) => o.id !== e.id && sig(o) === mine)) {
      throw uniqueViolation(Object.fromEntries(fields.map((f) => [f, e[f] ?? null])));
    }
  }
  for (const fk of schema.foreign) {
    const v = e[fk.field] as { id: string } | null;
    if (!v) continue;
    if (!isKind(fk.reference) || !ws.table(fk.reference).has(v.id)) throw foreignKeyInvalid({ id: v.id }, fk.field, fk.reference);
  }
}

function timestamp(schema: EntitySchema, ms: number): number {
  return schema.timestamps === "s" ? Math.floor(ms / 1000) : Math.round(ms) / 1000;
}

function prepareInput(ws: WorkspaceData, schema: EntitySchema, input: unknown, forced?: Record<string, unknown>) {
  let e: Record<string, unknown> = isPlainObject(input) ? { ...input } : {};
  if (schema.shorthand) e = schema.shorthand(e);
  if (forced) Object.assign(e, forced);
  if (schema.prepare) e = schema.prepare(e);
  return resolveForeign(ws, schema, e);
}

function complete(schema: EntitySchema, input: Record<string, unknown>, id: unknown, ts: number): Entity {
  const withDynamic = schema.dynamicDefaults ? schema.dynamicDefaults(input) : input;
  const full = fillDefaults(schema.fields, withDynamic) as Entity;
  full.id = (isUuid(id) ? id.toLowerCase() : id) as string;
  full.created_at ??= ts;
  if (schema.fields.some(([f]) => f === "updated_at")) full.updated_at = ts;
  else delete full.updated_at;
  return full;
}

/** POST: insert with defaults; 201 on the Admin API. */
export function insertEntity(ws: WorkspaceData, kind: EntityKind, rawInput: unknown, opts: OpOptions = {}): Entity {
  const schema = SCHEMAS[kind];
  const { input, ttl } = takeTtl(schema, rawInput);
  const e = fillAuto(schema, prepareInput(ws, schema, input, opts.forced));
  const full = complete(schema, e, e.id ?? uuidV4(), timestamp(schema, opts.now ?? Date.now()));
  if (isPlainObject(input) && input.updated_at !== undefined && schema.fields.some(([f]) => f === "updated_at")) full.updated_at = input.updated_at;
  return write(ws, schema, full, e, ttl, true, opts);
}

// The common tail of every write: validation, transformations, constraints, then the row.
function write(ws: WorkspaceData, schema: EntitySchema, full: Entity, input: Record<string, unknown>, ttl: number | null | undefined, isInsert: boolean, opts: OpOptions): Entity {
  validateEntity(schema, full);
  const names = schema.kind === "certificates" ? beforeCertificateWrite(ws, full, input) : undefined;
  if (opts.dryRun) return full;
  const row = stored(schema, schema.transform ? schema.transform(full, input) : full);
  checkConstraints(ws, schema, row, isInsert);
  ws.table(schema.kind).set(row);
  if (ttl !== undefined) ws.setTtl(row.id, ttl);
  if (schema.kind === "certificates") return afterCertificateWrite(ws, row, names);
  return row;
}

/** PUT: create or replace by id or endpoint key; left-out fields return to their defaults. */
export function upsertEntity(ws: WorkspaceData, kind: EntityKind, key: string, rawInput: unknown, opts: OpOptions = {}): Entity {
  if (kind === "targets") return updateEntity(ws, kind, key, rawInput, opts); // PUT acts like PATCH on targets
  const schema = SCHEMAS[kind];
  const { input, ttl } = takeTtl(schema, rawInput);
  const byId = isUuid(key);
  const existing = selectEntity(ws, kind, key, opts);
  const body = isPlainObject(input) ? input : {};
  const keyed = { ...body, ...(byId ? { id: key.toLowerCase() } : { [schema.endpointKey]: key }) };
  const e = fillAuto(schema, prepareInput(ws, schema, keyed, opts.forced));
  const id = byId ? key.toLowerCase() : (existing?.id ?? (isUuid(body.id) ? body.id : uuidV4()));
  // created_at is reset on upsert unless the body gives it (Postgres ON CONFLICT ... SET created_at).
  const full = complete(schema, e, id, timestamp(schema, opts.now ?? Date.now()));
  return write(ws, schema, full, e, ttl ?? (schema.ttl ? null : undefined), false, opts);
}

/** PATCH: partial update; null clears, arrays are replaced, records merge. 404 when missing. */
export function updateEntity(ws: WorkspaceData, kind: EntityKind, key: string, rawPatch: unknown, opts: OpOptions = {}): Entity {
  const schema = SCHEMAS[kind];
  const { input: patch, ttl } = takeTtl(schema, rawPatch);
  const existing = selectEntity(ws, kind, key, opts);
  if (!existing) throw notFound();
  const p = prepareInput(ws, schema, patch, opts.forced);
  delete p.id;
  let merged = mergeRecord(schema.fields, existing, p) as Entity;
  if (schema.dynamicDefaults) merged = schema.dynamicDefaults(merged) as Entity;
  merged = fillDefaults(schema.fields, merged) as Entity; // sets given in the patch drop duplicates
  merged.id = existing.id;
  if (schema.fields.some(([f]) => f === "updated_at")) merged.updated_at = timestamp(schema, opts.now ?? Date.now());
  return write(ws, schema, merged, p, ttl, false, opts);
}

function relationsTo(kind: string) {
  return ENTITY_KINDS.flatMap((k) => SCHEMAS[k].foreign.filter((fk) => fk.reference === kind).map((fk) => ({ kind: k, ...fk })));
}

function cascadeDelete(ws: WorkspaceData, kind: EntityKind, entity: Entity) {
  for (const rel of relationsTo(kind)) {
    if (rel.onDelete !== "cascade") continue;
    for (const child of ws.table(rel.kind).where(rel.field, entity.id)) {
      cascadeDelete(ws, rel.kind, child);
    }
  }
  ws.table(kind).delete(entity.id);
}

/** DELETE: false when nothing matched (the Admin API still answers 204). */
export function removeEntity(ws: WorkspaceData, kind: EntityKind, key: string, opts: OpOptions = {}): boolean {
  const existing = selectEntity(ws, kind, key, opts);
  if (!existing) return false;
  if (opts.dryRun) return true;
  for (const rel of relationsTo(kind)) {
    if (rel.onDelete !== "restrict") continue;
    const refd = ws.table(rel.kind).where(rel.field, existing.id)[0];
    if (refd) throw foreignKeyRestricted(kind, rel.kind);
  }
  if (kind === "certificates") deleteCertificateSnis(ws, existing.id);
  cascadeDelete(ws, kind, existing);
  return true;
}

/** POST /schemas/{entity}/validate: defaults and validation only, no database (throws a schema violation). */
export function validateInput(kind: EntityKind, input: unknown): void {
  const schema = SCHEMAS[kind];
  let e: Record<string, unknown> = isPlainObject(input) ? { ...input } : {};
  if (schema.ttl) delete e.ttl;
  if (schema.shorthand) e = schema.shorthand(e);
  if (schema.prepare) e = schema.prepare(e);
  e = fillAuto(schema, e);
  validateEntity(schema, complete(schema, e, e.id ?? uuidV4(), timestamp(schema, Date.now())));
}
