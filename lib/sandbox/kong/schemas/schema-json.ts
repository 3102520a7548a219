// GET /schemas/{entity} and /schemas/plugins/{name}: the sandbox's schemas in the shape Kong's
// api_helpers.schema_to_jsonable gives its own (fields as a list of one-key objects, snake_case
// attributes, functions left out). Descriptions and Lua patterns are not reproduced.
import type { EntitySchema } from "./entity-schema";
import type { FieldSpec, RecordFields } from "./field-spec";

type Json = Record<string, unknown>;

/** One field's attributes as Kong renders them. */
export function fieldJson(name: string, spec: FieldSpec): Json {
  const out: Json = { type: spec.type };
  // entity.lua make_records_required: records are required unless they say otherwise.
  if (spec.required || (name !== "" && spec.type === "record" && spec.required !== false)) out.required = true;
  else if (spec.required === false) out.required = false;
  if (spec.default !== undefined) out.default = spec.default;
  if (spec.oneOf) out.one_of = spec.oneOf;
  if (spec.between) out.between = spec.between;
  if (spec.gt !== undefined) out.gt = spec.gt;
  if (spec.lenMin !== undefined) out.len_min = spec.lenMin;
  if (spec.startsWith !== undefined) out.starts_with = spec.startsWith;
  if (spec.uuid) out.uuid = true;
  if (spec.auto) out.auto = true;
  if ((name === "created_at" || name === "updated_at") && spec.auto) out.timestamp = true;
  if (spec.unique) out.unique = true;
  if (spec.reference) out.reference = spec.reference;
  if (spec.onDelete) out.on_delete = spec.onDelete;
  if (spec.eq === null) out.eq = null;
  if (spec.elements) out.elements = fieldJson("", spec.elements);
  if (spec.fields) out.fields = fieldsJson(spec.fields);
  if (spec.keys) out.keys = fieldJson("", spec.keys);
  if (spec.values) out.values = fieldJson("", spec.values);
  return out;
}

/** A record's fields: `[{name: {...}}, ...]` in declaration order. */
export function fieldsJson(fields: RecordFields): Json[] {
  return fields.map(([name, spec]) => ({ [name]: fieldJson(name, spec) }));
}

/** An entity's schema: `{ fields, entity_checks }`. */
export function entitySchemaJson(schema: EntitySchema): Json {
  return { fields: fieldsJson(schema.fields), entity_checks: schema.checksJson ?? [] };
}
