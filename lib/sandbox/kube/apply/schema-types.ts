// The shape information server-side apply needs (structured-merge-diff's schema atoms), read from
// the OpenAPI v3 documents of the real API server that the sandbox serves (openapi-data/): which
// lists are atomic, sets or maps keyed by some fields, which maps are atomic, and key defaults.
import type { Json } from "../types";

/** A type as server-side apply sees it. */
export type SmdType =
  | { t: "scalar" }
  | { t: "map"; fields: Map<string, () => SmdType>; defaults: Map<string, unknown>; elem?: () => SmdType; atomic: boolean }
  | { t: "list"; elem: () => SmdType; associative: boolean; keys: string[] }
  | { t: "deduced" };

const SCALAR: SmdType = { t: "scalar" };
const DEDUCED: SmdType = { t: "deduced" };

/** Resolves OpenAPI v3 component schemas (one merged `components.schemas` map) into SmdTypes. */
export class SchemaTypes {
  private readonly cache = new Map<string, SmdType>();
  private readonly kinds = new Map<string, SmdType | undefined>();

  constructor(private readonly schemas: Record<string, Json>) {}

  /** The root type of a kind, or undefined when no schema names that group/version/kind. */
  forKind(group: string, version: string, kind: string): SmdType | undefined {
    const key = `${group}/${version}/${kind}`;
    if (!this.kinds.has(key)) {
      const name = Object.keys(this.schemas).find((n) => ((this.schemas[n]["x-kubernetes-group-version-kind"] ?? []) as Json[])
        .some((g) => (g.group ?? "") === group && g.version === version && g.kind === kind));
      this.kinds.set(key, name ? this.named(name) : undefined);
    }
    return this.kinds.get(key);
  }

  private named(name: string): SmdType {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const s = this.schemas[name];
    if (!s) return DEDUCED;
    // Fields resolve lazily, so recursive schemas (JSONSchemaProps) need no placeholder.
    const t = this.build(s);
    this.cache.set(name, t);
    return t;
  }

  private ref(s: Json): string | undefined {
    const r = (s.$ref ?? s.allOf?.[0]?.$ref) as string | undefined;
    return r?.replace("#/components/schemas/", "");
  }

  /** The type of a (property) schema node. */
  resolve(s: Json | undefined): SmdType {
    if (!s) return DEDUCED;
    const r = this.ref(s);
    if (r) {
      const base = this.named(r);
      // A property may make a referenced struct atomic.
      if (s["x-kubernetes-map-type"] === "atomic" && base.t === "map") return { ...base, atomic: true };
      return base;
    }
    return this.build(s);
  }

  private build(s: Json): SmdType {
    if (s["x-kubernetes-int-or-string"]) return SCALAR;
    if (s.type === "array") {
      const listType = s["x-kubernetes-list-type"];
      const items = s.items as Json | undefined;
      return {
        t: "list", elem: () => this.resolve(items),
        associative: listType === "map" || listType === "set",
        keys: listType === "map" ? ((s["x-kubernetes-list-map-keys"] ?? []) as string[]) : [],
      };
    }
    const props = s.properties as Record<string, Json> | undefined;
    const extra = s.additionalProperties as Json | boolean | undefined;
    if (s.type === "object" || props || extra) {
      if (!props && !extra && s["x-kubernetes-preserve-unknown-fields"]) return DEDUCED;
      const fields = new Map<string, () => SmdType>();
      const defaults = new Map<string, unknown>();
      for (const [k, v] of Object.entries(props ?? {})) {
        fields.set(k, () => this.resolve(v));
        if (v.default !== undefined) defaults.set(k, v.default);
      }
      const elem = typeof extra === "object" ? () => this.resolve(extra) : extra === true || s["x-kubernetes-preserve-unknown-fields"] ? () => DEDUCED : undefined;
      return { t: "map", fields, defaults, elem, atomic: s["x-kubernetes-map-type"] === "atomic" };
    }
    if (s.type) return SCALAR;
    return DEDUCED;
  }
}

/** The effective type of a value under `t`: deduced types follow the value's own shape. */
export function deduce(t: SmdType, v: unknown): SmdType {
  if (t.t !== "deduced") return t;
  if (Array.isArray(v)) return { t: "list", elem: () => DEDUCED, associative: false, keys: [] };
  if (typeof v === "object" && v !== null) return { t: "map", fields: new Map(), defaults: new Map(), elem: () => DEDUCED, atomic: false };
  return SCALAR;
}
