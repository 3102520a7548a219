import { type FieldSpec, isPlainObject, type RecordFields } from "../schemas/field-spec";

// Form bodies carry strings only; Kong (kong/api/arguments.lua) decodes "a.b", "a[]", "a[1]" keys
// into nested values and infers numbers, booleans and arrays from the entity schema.

type Seg = string | number | "[]";

function parseKey(key: string): Seg[] {
  const segs: Seg[] = [];
  const head = /^[^.[]+/.exec(key);
  if (!head) return [key];
  segs.push(head[0]);
  const re = /\.([^.[]+)|\[(\d*)\]|\[([^\]]+)\]/g;
  re.lastIndex = head[0].length;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key))) {
    if (m[1] !== undefined) segs.push(m[1]);
    else if (m[2] !== undefined) segs.push(m[2] === "" ? "[]" : Number(m[2]) - 1);
    else segs.push(m[3]);
  }
  return segs;
}

/** Decodes form pairs into a nested object (repeated keys become arrays). */
export function decodeFormPairs(pairs: readonly (readonly [string, string])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const segs = parseKey(key);
    const append = segs[segs.length - 1] === "[]";
    const path = (append ? segs.slice(0, -1) : segs).filter((s) => s !== "[]");
    let node = out as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i];
      if (typeof node[seg] !== "object" || node[seg] === null) node[seg] = typeof path[i + 1] === "number" ? [] : {};
      node = node[seg] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    const existing = node[last];
    if (existing !== undefined && (append || typeof last === "string")) {
      node[last] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    } else {
      node[last] = append ? [value] : value;
    }
  }
  return out;
}

function inferGeneric(v: unknown): unknown {
  if (typeof v === "string") {
    if (v === "") return null;
    if (v === "true" || v === "false") return v === "true";
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    return v;
  }
  if (Array.isArray(v)) return v.map(inferGeneric);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inferGeneric(x)]));
  return v;
}

function inferValue(spec: FieldSpec | undefined, v: unknown): unknown {
  if (!spec || spec.type === "any") return inferGeneric(v);
  if (v === "") return null;
  switch (spec.type) {
    case "integer":
    case "number":
      return typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    case "boolean":
      return v === "true" ? true : v === "false" ? false : v;
    case "set":
    case "array":
      return (Array.isArray(v) ? v : [v]).map((x) => inferValue(spec.elements, x));
    case "record":
      if (!isPlainObject(v)) return v;
      return spec.fields ? inferRecord(spec.fields, v) : inferGeneric(v);
    case "map":
      return isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inferValue(spec.values, x)])) : v;
    default:
      return v;
  }
}

/** Converts string form values to the types the record's fields declare. */
export function inferRecord(fields: RecordFields, obj: Record<string, unknown>): Record<string, unknown> {
  const specs = new Map(fields);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, inferValue(specs.get(k), v)]));
}
