import type { FieldErrors } from "../api-error";
import { randomString } from "../random-string";
import { type EntitySchema, idField, isNonEmpty, nameField, PROTOCOLS, tagsField, timestampSeconds } from "./entity-schema";
import { type FieldSpec, fillDefaults, isPlainObject, validateRecord } from "./field-spec";
import { HTTP_PROTOCOLS, PLUGIN_CATALOG, type PluginDefinition, pluginNotEnabled } from "./plugin-catalog";

function knownPlugin(name: unknown) {
  return typeof name === "string" && Object.hasOwn(PLUGIN_CATALOG, name) ? PLUGIN_CATALOG[name] : undefined;
}

/** The protocols field of a plugin's subschema (typedefs.protocols_http or typedefs.protocols). */
export function pluginProtocolsField(def: PluginDefinition): FieldSpec {
  return {
    type: "set", required: true, default: HTTP_PROTOCOLS,
    elements: { type: "string", oneOf: def.protocols === "http" ? HTTP_PROTOCOLS : PROTOCOLS },
  };
}

// shorthand_fields: a deprecated name (redis_host) writes its replacement (redis.host).
function applyShorthands(def: PluginDefinition, config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const s of def.shorthands ?? []) {
    if (!(s.name in out)) continue;
    const value = out[s.name];
    delete out[s.name];
    if (value === null || value === undefined) continue;
    let node = out;
    s.path.slice(0, -1).forEach((seg) => {
      node[seg] = isPlainObject(node[seg]) ? { ...(node[seg] as object) } : {};
      node = node[seg] as Record<string, unknown>;
    });
    node[s.path[s.path.length - 1]] = value;
  }
  return out;
}

// Auto fields inside config (oauth2 provision_key) are generated when missing.
function fillConfigAuto(def: PluginDefinition, config: Record<string, unknown>) {
  const out = { ...config };
  for (const [name, spec] of def.config) if (spec.auto && out[name] === undefined) out[name] = randomString();
  return out;
}

/** kong/db/schema/entities/plugins.lua with the config subschema picked by `name`. */
export const pluginSchema: EntitySchema = {
  kind: "plugins",
  endpointKey: "instance_name",
  unique: ["instance_name"],
  cacheKey: ["name", "route", "service", "consumer"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["name", { type: "string", required: true }],
    ["instance_name", nameField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["route", { type: "foreign", reference: "routes", default: null, onDelete: "cascade" }],
    ["service", { type: "foreign", reference: "services", default: null, onDelete: "cascade" }],
    ["consumer", { type: "foreign", reference: "consumers", default: null, onDelete: "cascade" }],
    ["config", { type: "record" }],
    ["protocols", {
      type: "set", required: true, default: HTTP_PROTOCOLS,
      elements: { type: "string", oneOf: PROTOCOLS },
    }],
    ["enabled", { type: "boolean", required: true, default: true }],
    ["tags", tagsField],
  ],
  foreign: [
    { field: "service", reference: "services", onDelete: "cascade" },
    { field: "route", reference: "routes", onDelete: "cascade" },
    { field: "consumer", reference: "consumers", onDelete: "cascade" },
  ],
  dynamicDefaults: (e) => {
    const def = knownPlugin(e.name);
    if (!def) return e;
    const config = isPlainObject(e.config) ? fillConfigAuto(def, applyShorthands(def, e.config)) : fillConfigAuto(def, {});
    return { ...e, config: fillDefaults(def.config, config) };
  },
  validateExtra: (e): FieldErrors | undefined => {
    if (typeof e.name !== "string") return undefined;
    const def = knownPlugin(e.name);
    if (!def) return { name: pluginNotEnabled(e.name) };
    const errs: FieldErrors = {};
    if (def.noConsumer && e.consumer !== null && e.consumer !== undefined) errs.consumer = "value must be null";
    if (def.protocols === "http" && Array.isArray(e.protocols)) {
      const bad = (e.protocols as unknown[]).map((p) => (HTTP_PROTOCOLS.includes(p as string) ? null : `expected one of: ${HTTP_PROTOCOLS.join(", ")}`));
      if (bad.some((b) => b !== null)) errs.protocols = bad;
    }
    if (!isPlainObject(e.config)) return Object.keys(errs).length ? errs : undefined;
    const configErrs = validateRecord(def.config, e.config);
    if (configErrs) return { ...errs, config: configErrs };
    if (Object.keys(errs).length) return errs;
    if (def.requireOneOf && !def.requireOneOf.some((f) => isNonEmpty((e.config as Record<string, unknown>)[f]))) {
      const list = def.requireOneOf.map((f) => `'config.${f}'`).join(", ");
      return { "@entity": [`at least one of these fields must be non-empty: ${list}`] };
    }
    const msg = def.check?.(e.config);
    return msg ? { config: msg } : undefined;
  },
  checks: [],
};
