import { luaPretty } from "./lua-pretty";

/** A field error as Kong reports it: a message, an array (per element) or a record (per sub-field). */
export type FieldError = string | (FieldError | null)[] | { [key: string]: FieldError };
/** Errors by field name; "@entity" holds entity-level messages. */
export type FieldErrors = { [field: string]: FieldError };

/**
 * An Admin API error: the HTTP status and the exact JSON body Kong would send.
 * Thrown by the store (also for programmatic use) and rendered as-is by the HTTP layer.
 */
export class KongApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown> | null,
  ) {
    super(typeof body?.message === "string" ? body.message : `HTTP ${status}`);
    this.name = "KongApiError";
  }
}

function sortedKeys(obj: object): string[] {
  if (Array.isArray(obj)) return obj.flatMap((v, i) => (v === null || v === undefined ? [] : [String(i + 1)]));
  return Object.keys(obj).sort();
}

function subValue(obj: object, key: string): unknown {
  return Array.isArray(obj) ? obj[Number(key) - 1] : (obj as Record<string, unknown>)[key];
}

// kong/db/errors.lua schema_violation: entity errors first, then "field.sub: msg" in sorted order.
function flattenMessages(errors: FieldErrors): string[] {
  const buf: string[] = [];
  const entityErrors = errors["@entity"];
  if (Array.isArray(entityErrors)) for (const e of entityErrors) if (typeof e === "string") buf.push(e);
  for (const field of sortedKeys(errors)) {
    if (field === "@entity") continue;
    const err = errors[field];
    if (typeof err === "string") {
      buf.push(`${field}: ${err}`);
      continue;
    }
    for (const sub of sortedKeys(err)) {
      const v = subValue(err, sub);
      buf.push(`${field}.${sub}: ${typeof v === "string" ? v : luaPretty(v)}`);
    }
  }
  return buf;
}

function daoError(status: number, code: number, name: string, message: string, extra?: Record<string, unknown>) {
  return new KongApiError(status, { code, name, message, ...extra });
}

/** `404 {"message":"Not found"}`. */
export const notFound = () => new KongApiError(404, { message: "Not found" });

/** `405 {"message":"Method not allowed"}`. */
export const methodNotAllowed = () => new KongApiError(405, { message: "Method not allowed" });

/** Code 2, with Kong's "N schema violations (...)" message. */
export function schemaViolation(fields: FieldErrors): KongApiError {
  const buf = flattenMessages(fields);
  const message = buf.length === 1 ? `schema violation (${buf[0]})` : `${buf.length} schema violations (${buf.join("; ")})`;
  return daoError(400, 2, "schema violation", message, { fields });
}

/** Code 3 (POST with an id that exists); HTTP 400 on generic endpoints. */
export function primaryKeyViolation(id: string): KongApiError {
  return daoError(400, 3, "primary key violation", `primary key violation on key '${luaPretty({ id })}'`, { fields: { id } });
}

/** Code 4: a foreign key that points nowhere. */
export function foreignKeyInvalid(fk: Record<string, unknown>, field: string, parent: string): KongApiError {
  return daoError(400, 4, "foreign key violation",
    `the foreign key '${luaPretty(fk)}' does not reference an existing '${parent}' entity.`, { fields: { [field]: fk } });
}

/** Code 4: deleting a parent that children still reference (no cascade). */
export function foreignKeyRestricted(parent: string, child: string): KongApiError {
  return daoError(400, 4, "foreign key violation", `an existing '${child}' entity references this '${parent}' entity`,
    { fields: { "@referenced_by": child } });
}

/** Code 5 (HTTP 409) with the key rendered as a Lua table. */
export function uniqueViolation(key: Record<string, unknown>): KongApiError {
  return daoError(409, 5, "unique constraint violation", `UNIQUE violation detected on '${luaPretty(key)}'`, { fields: key });
}

/** Code 7. */
export function invalidOffset(offset: string, why: "bad base64 encoding" | "bad json encoding"): KongApiError {
  return daoError(400, 7, "invalid offset", `'${offset}' is not a valid offset: ${why}`);
}

/** Code 9. */
export function invalidSize(message: string): KongApiError {
  return daoError(400, 9, "invalid size", message);
}

/** Code 11: note the body key is `options`, not `fields`. */
export function invalidOptions(options: Record<string, string>): KongApiError {
  const buf = Object.keys(options).sort().map((k) => `${k}: ${options[k]}`);
  const message = buf.length === 1 ? `invalid option (${buf[0]})` : `${buf.length} option violations (${buf.join("; ")})`;
  return daoError(400, 11, "invalid options", message, { options });
}

/** Code 12 (HTTP 405): writes in DB-less mode. */
export function operationUnsupported(message: string): KongApiError {
  return daoError(405, 12, "operation unsupported", message);
}

/** A foreign reference by name that matched nothing (code 13). */
export type UnresolvedForeign = { field: string; key: string; value: unknown; parent: string };

/** Code 13. */
export function foreignKeysUnresolved(unresolved: UnresolvedForeign[]): KongApiError {
  const fields: Record<string, Record<string, string>> = {};
  const buf: string[] = [];
  const sorted = [...unresolved].sort((a, b) => (a.field + "." + a.key < b.field + "." + b.key ? -1 : 1));
  for (const u of sorted) {
    const msg = `the foreign key cannot be resolved with '${luaPretty({ [u.key]: u.value })}' for an existing '${u.parent}' entity`;
    (fields[u.field] ??= {})[u.key] = msg;
    buf.push(`${u.field}.${u.key}: ${msg}`);
  }
  const message = buf.length === 1 ? `foreign key unresolved (${buf[0]})` : `${buf.length} foreign keys unresolved (${buf.join("; ")})`;
  return daoError(400, 13, "foreign keys unresolved", message, { fields });
}

/** Code 14: an invalid declarative configuration (POST /config). */
export function declarativeConfigInvalid(fields: Record<string, unknown>): KongApiError {
  return daoError(400, 14, "invalid declarative configuration", `declarative config is invalid: ${luaPretty(fields)}`, { fields });
}
