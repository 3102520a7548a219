import { KongApiError } from "../api-error";
import { configHash, exportDeclarativeConfig, parseDeclarativeText } from "../declarative-config";
import { isPlainObject } from "../schemas/field-spec";
import type { ApiRequest, GatewayContext } from "./context";
import type { Reply } from "./reply";

function configFromBody(req: ApiRequest): unknown {
  const b = req.body;
  if (b.kind === "yaml") return parseDeclarativeText(b.text);
  if (b.kind === "json" || b.kind === "form") {
    const v = b.value as Record<string, unknown>;
    // Kong accepts the config itself or a string (JSON or YAML) under the `config` key.
    if (typeof v.config === "string") return parseDeclarativeText(v.config);
    if (isPlainObject(v.config)) return v.config;
    return v;
  }
  throw new KongApiError(400, { message: "expected a declarative configuration" });
}

/** GET and POST /config (kong/api/routes/config.lua); DB-less only. */
export function handleConfig(ctx: GatewayContext, req: ApiRequest): Reply {
  if (ctx.options.mode !== "dbless") {
    throw new KongApiError(400, { message: "this endpoint is only available when Kong is configured to not use a database" });
  }
  if (req.method === "GET") {
    return { status: 200, body: { config: exportDeclarativeConfig(ctx.store.workspace(req.workspace)) } };
  }
  const config = configFromBody(req);
  if (req.query.get("check_hash") === "1" && configHash(config) === ctx.store.configHash()) return { status: 304 };
  const loaded = ctx.store.loadConfig(config, { workspace: req.workspace });
  return { status: 201, body: loaded.flattened };
}
