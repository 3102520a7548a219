import type { FieldError, FieldErrors } from "../api-error";
import { isUuid } from "../uuid";

/**
 * A field definition in the spirit of Kong's schema DSL (kong/db/schema), reduced to what the
 * sandbox entities need. Validation messages are Kong's (validation_errors in schema/init.lua).
 */
export type FieldSpec = {
  type: "string" | "integer" | "number" | "boolean" | "set" | "array" | "record" | "map" | "foreign" | "any";
  required?: boolean;
  default?: unknown;
  oneOf?: readonly (string | number)[];
  between?: readonly [number, number];
  /** Numbers: must be greater than this. */
  gt?: number;
  lenMin?: number;
  startsWith?: string;
  matchNone?: readonly { pattern: RegExp; err: string }[];
  matchAny?: { patterns: readonly RegExp[]; err: string };
  /** Must match, otherwise "invalid value: <v>". */
  match?: RegExp;
  uuid?: boolean;
  custom?: (value: never) => string | null;
  /** set / array elements. */
  elements?: FieldSpec;
  /** record fields, in output order. */
  fields?: RecordFields;
  /** map keys and values. */
  keys?: FieldSpec;
  values?: FieldSpec;
  /** foreign: the referenced collection (for messages). */
  reference?: string;
  mutuallyExclusiveSubsets?: readonly (readonly string[])[];
  /** Filled on insert/upsert when missing: a random string (Kong's random_string) or a UUID. */
  auto?: boolean;
  /** Shown in GET /schemas only (the store enforces uniqueness through EntitySchema.unique). */
  unique?: boolean;
  /** A foreign key's on_delete, shown in GET /schemas. */
  onDelete?: "cascade" | "restrict";
  /** Must equal this value (typedefs.no_consumer: eq = null). */
  eq?: null;
};

/** Fields of a record, in output order. */
export type RecordFields = readonly (readonly [string, FieldSpec])[];

/** True for a JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function validateString(spec: FieldSpec, v: unknown): FieldError | undefined {
  if (typeof v !== "string") return "expected a string";
  if (spec.oneOf && !spec.oneOf.includes(v)) return `expected one of: ${spec.oneOf.join(", ")}`;
  if (spec.lenMin !== undefined && v.length < spec.lenMin) return `length must be at least ${spec.lenMin}`;
  if (spec.startsWith !== undefined && !v.startsWith(spec.startsWith)) return `should start with: ${spec.startsWith}`;
  for (const m of spec.matchNone ?? []) if (m.pattern.test(v)) return m.err;
  if (spec.match && !spec.match.test(v)) return `invalid value: ${v}`;
  if (spec.matchAny && !spec.matchAny.patterns.some((p) => p.test(v))) return spec.matchAny.err;
  if (spec.uuid && !isUuid(v)) return "expected a valid UUID";
  return spec.custom ? ((spec.custom as (x: string) => string | null)(v) ?? undefined) : undefined;
}

function validateNumber(spec: FieldSpec, v: unknown): FieldError | undefined {
  if (spec.type === "integer" && !(typeof v === "number" && Number.isInteger(v))) return "expected an integer";
  if (spec.type === "number" && !(typeof v === "number" && Number.isFinite(v))) return "expected a number";
  const n = v as number;
  if (spec.oneOf && !spec.oneOf.includes(n)) return `expected one of: ${spec.oneOf.join(", ")}`;
  if (spec.between && (n < spec.between[0] || n > spec.between[1])) {
    return `value should be between ${spec.between[0]} and ${spec.between[1]}`;
  }
  if (spec.gt !== undefined && !(n > spec.gt)) return `value must be greater than ${spec.gt}`;
  return undefined;
}

function validateList(spec: FieldSpec, v: unknown): FieldError | undefined {
  if (!Array.isArray(v)) return spec.type === "set" ? "expected a set" : "expected an array";
  if (spec.lenMin !== undefined && v.length < spec.lenMin) return `length must be at least ${spec.lenMin}`;
  if (spec.elements) {
    const element = { ...spec.elements, required: true };
    const errs: (FieldError | null)[] = [];
    v.forEach((item, i) => {
      const err = validateValue(element, item);
      if (err !== undefined) errs[i] = err;
    });
    if (errs.length > 0) return Array.from(errs, (e) => e ?? null);
  }
  if (spec.mutuallyExclusiveSubsets) {
    const hit = spec.mutuallyExclusiveSubsets.filter((set) => set.some((x) => v.includes(x)));
    if (hit.length > 1) {
      const sets = spec.mutuallyExclusiveSubsets.map((set) => `(${set.map((x) => `'${x}'`).join(", ")})`).join(", ");
      return `these sets are mutually exclusive: ${sets}`;
    }
  }
  return spec.custom ? ((spec.custom as (x: unknown[]) => string | null)(v) ?? undefined) : undefined;
}

function validateMap(spec: FieldSpec, v: unknown): FieldError | undefined {
  if (!isPlainObject(v)) return "expected a map";
  const errs: Record<string, FieldError> = {};
  for (const [k, val] of Object.entries(v)) {
    const kErr = spec.keys ? validateValue({ ...spec.keys, required: true }, k) : undefined;
    const vErr = spec.values ? validateValue({ ...spec.values, required: true }, val) : undefined;
    if (kErr !== undefined) errs[k] = kErr;
    else if (vErr !== undefined) errs[k] = vErr;
  }
  return Object.keys(errs).length > 0 ? errs : undefined;
}

function validateForeign(spec: FieldSpec, v: unknown): FieldError | undefined {
  if (spec.eq === null) return "value must be null";
  if (!isPlainObject(v)) return "expected a record";
  if (v.id === undefined || v.id === null) return { id: "missing primary key" };
  if (!isUuid(v.id)) return { id: "expected a valid UUID" };
  return undefined;
}

/** Validates one value against its spec; undefined when valid. */
export function validateValue(spec: FieldSpec, v: unknown): FieldError | undefined {
  if (v === undefined || v === null) return spec.required ? "required field missing" : undefined;
  switch (spec.type) {
    case "string": return validateString(spec, v);
    case "integer":
    case "number": return validateNumber(spec, v);
    case "boolean": return typeof v === "boolean" ? undefined : "expected a boolean";
    case "set":
    case "array": return validateList(spec, v);
    case "record":
      if (!isPlainObject(v)) return "expected a record";
      return spec.fields ? validateRecord(spec.fields, v) : undefined;
    case "map": return validateMap(spec, v);
    case "foreign": return validateForeign(spec, v);
    case "any": return undefined;
  }
}

/** Validates a record: each declared field, then "unknown field" for anything else. */
export function validateRecord(fields: RecordFields, obj: Record<string, unknown>): FieldErrors | undefined {
  const errs: FieldErrors = {};
  const known = new Set<string>();
  for (const [name, spec] of fields) {
    known.add(name);
    const err = validateValue(spec, obj[name]);
    if (err !== undefined) errs[name] = err;
  }
  for (const key of Object.keys(obj)) if (!known.has(key)) errs[key] = "unknown field";
  return Object.keys(errs).length > 0 ? errs : undefined;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * Fills defaults and nulls so that every declared field is present (Kong returns every field,
 * null when unset). Explicit nulls are kept: a default applies only to a missing field.
 */
export function fillDefaults(fields: RecordFields, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of fields) {
    let v = obj[name];
    if (v === undefined) v = spec.default !== undefined ? clone(spec.default) : null;
    // entity.lua make_records_required: records are required unless they say otherwise, so a
    // missing one is filled with its own defaults.
    if (v === null && obj[name] === undefined && spec.type === "record" && spec.fields && spec.required !== false) v = {};
    if (spec.type === "record" && spec.fields && isPlainObject(v)) v = fillDefaults(spec.fields, v);
    if (spec.type === "set" && Array.isArray(v)) v = dedupe(v);
    out[name] = v;
  }
  // Unknown keys are kept so validation can report them.
  for (const [k, v] of Object.entries(obj)) if (!(k in out)) out[k] = v;
  return out;
}

/** Sets drop duplicates silently and keep first-occurrence order (make_set). */
export function dedupe(list: unknown[]): unknown[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const key = JSON.stringify(x);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Deep merge for PATCH: records merge recursively (Schema.merge_values), everything else is replaced. */
export function mergeRecord(fields: RecordFields, base: Record<string, unknown>, patch: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...base };
  const specs = new Map(fields);
  for (const [k, v] of Object.entries(patch)) {
    const spec = specs.get(k);
    if (spec?.type === "record" && isPlainObject(v) && isPlainObject(base[k])) {
      out[k] = mergeRecord(spec.fields ?? [], base[k] as Record<string, unknown>, v);
    } else {
      out[k] = v;
    }
  }
  return out;
}
