import { KongApiError } from "../api-error";
import { validateInput } from "../entity-ops";
import { PLUGIN_CATALOG } from "../schemas/plugin-catalog";
import { pluginProtocolsField } from "../schemas/plugins";
import { entitySchemaJson, fieldJson, fieldsJson } from "../schemas/schema-json";
import { SCHEMAS } from "../schemas/index";
import { ENTITY_KINDS, type EntityKind } from "../types";
import type { ApiRequest, GatewayContext } from "./context";
import type { Reply } from "./reply";
import { entityInput } from "./request-body";

const isKind = (n: string): n is EntityKind => (ENTITY_KINDS as readonly string[]).includes(n);

// entities/tags.lua: a read-only view, served by /tags.
const TAGS_SCHEMA = {
  fields: fieldsJson([
    ["tag", { type: "string", required: true }],
    ["entity_name", { type: "string", required: true }],
    ["entity_id", { type: "string", uuid: true, required: true }],
  ]),
  entity_checks: [],
};

/** GET /schemas/{name} (kong/api/routes/kong.lua): the DAO schema by its DAO name. */
export function handleSchema(name: string): Reply {
  if (name === "tags") return { status: 200, body: TAGS_SCHEMA };
  if (!isKind(name)) return { status: 404, body: { message: `No entity named '${name}'` } };
  return { status: 200, body: entitySchemaJson(SCHEMAS[name]) };
}

/** GET /schemas/plugins/{name} and /plugins/schema/{name}: the plugin's subschema. */
export function handlePluginSchema(name: string): Reply {
  const def = Object.hasOwn(PLUGIN_CATALOG, name) ? PLUGIN_CATALOG[name] : undefined;
  if (!def) return { status: 404, body: { message: `No plugin named '${name}'` } };
  const config: Record<string, unknown> = { type: "record", required: true, fields: fieldsJson(def.config) };
  if (def.shorthands?.length) {
    config.shorthand_fields = def.shorthands.map((s) => ({
      [s.name]: { type: s.type, deprecation: { replaced_with: [{ path: s.path }], message: s.message, removal_in_version: "4.0" } },
    }));
  }
  const fields: Record<string, unknown>[] = [];
  if (def.noConsumer) fields.push({ consumer: { type: "foreign", reference: "consumers", eq: null } });
  fields.push({ protocols: fieldJson("protocols", pluginProtocolsField(def)) }, { config });
  const checks = def.requireOneOf ? [{ at_least_one_of: def.requireOneOf.map((f) => `config.${f}`) }] : [];
  return { status: 200, body: { fields, entity_checks: checks } };
}

/** POST /schemas/{entity}/validate and /schemas/plugins/validate: 200 or Kong's schema violation. */
export function handleSchemaValidate(_ctx: GatewayContext, req: ApiRequest, name: string): Reply {
  if (!isKind(name)) throw new KongApiError(404, { message: `No entity named '${name}'` });
  validateInput(name, entityInput(req.body, name));
  return { status: 200, body: { message: "schema validation successful" } };
}
