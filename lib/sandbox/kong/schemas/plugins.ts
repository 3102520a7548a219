import type { FieldErrors } from "../api-error";
import { type EntitySchema, idField, isNonEmpty, nameField, PROTOCOLS, tagsField, timestampSeconds } from "./entity-schema";
import { fillDefaults, isPlainObject, validateRecord } from "./field-spec";
import { PLUGIN_CATALOG, pluginNotEnabled } from "./plugin-catalog";

function knownPlugin(name: unknown) {
  return typeof name === "string" && Object.hasOwn(PLUGIN_CATALOG, name) ? PLUGIN_CATALOG[name] : undefined;
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
    ["route", { type: "foreign", reference: "routes" }],
    ["service", { type: "foreign", reference: "services" }],
    ["consumer", { type: "foreign", reference: "consumers" }],
    ["config", { type: "record" }],
    ["protocols", {
      type: "set", required: true, default: ["grpc", "grpcs", "http", "https"],
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
    const config = isPlainObject(e.config) ? e.config : {};
    return { ...e, config: fillDefaults(def.config, config) };
  },
  validateExtra: (e): FieldErrors | undefined => {
    if (typeof e.name !== "string") return undefined;
    const def = knownPlugin(e.name);
    if (!def) return { name: pluginNotEnabled(e.name) };
    if (!isPlainObject(e.config)) return undefined;
    const errs = validateRecord(def.config, e.config);
    if (errs) return { config: errs };
    if (def.requireOneOf && !def.requireOneOf.some((f) => isNonEmpty((e.config as Record<string, unknown>)[f]))) {
      const list = def.requireOneOf.map((f) => `'config.${f}'`).join(", ");
      return { "@entity": [`at least one of these fields must be non-empty: ${list}`] };
    }
    return undefined;
  },
  checks: [],
};
