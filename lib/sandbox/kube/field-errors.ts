// Field validation errors rendered the way apimachinery's field.Error does, because clients and
// kubectl print these strings verbatim ("spec.ports[0].nodePort: Invalid value: 1: ...").

/** Kinds of field errors, with the Go reason string sent in Status causes. */
const TYPES = {
  invalid: { reason: "FieldValueInvalid", label: "Invalid value" },
  required: { reason: "FieldValueRequired", label: "Required value" },
  forbidden: { reason: "FieldValueForbidden", label: "Forbidden" },
  duplicate: { reason: "FieldValueDuplicate", label: "Duplicate value" },
  notSupported: { reason: "FieldValueNotSupported", label: "Unsupported value" },
  tooMany: { reason: "FieldValueTooMany", label: "Too many" },
} as const;

/** A validation failure on one field. `value` is the Go-formatted bad value (see goValue). */
export type FieldError = { type: keyof typeof TYPES; field: string; value?: string; detail?: string };

/**
 * Formats a bad value as field.Error.ErrorBody does (v1.35): `%q` for strings, `%v` for numbers
 * and booleans, JSON for everything else (`["Foo"]`; v1.32 printed `[]string{"Foo"}`).
 */
export function goValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || v === undefined) return "null";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Builders for the usual field errors. */
export const fieldError = {
  invalid: (field: string, value: unknown, detail: string): FieldError => ({ type: "invalid", field, value: goValue(value), detail }),
  invalidRaw: (field: string, value: string, detail: string): FieldError => ({ type: "invalid", field, value, detail }),
  required: (field: string, detail = ""): FieldError => ({ type: "required", field, detail }),
  forbidden: (field: string, detail: string): FieldError => ({ type: "forbidden", field, detail }),
  duplicate: (field: string, value: unknown): FieldError => ({ type: "duplicate", field, value: goValue(value) }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldError => ({
    type: "notSupported", field, value: goValue(value),
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
  }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: "tooMany", field, value: String(actual), detail: `must have at most ${max} items`,
  }),
};

/** The part after "field: ", as field.Error.ErrorBody() renders it. */
export function errorBody(e: FieldError): string {
  const t = TYPES[e.type];
  let s: string = t.label;
  if (e.type !== "required" && e.type !== "forbidden") s += `: ${e.value ?? "null"}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** Status cause reason of a field error. */
export function causeReason(e: FieldError): string {
  return TYPES[e.type].reason;
}
