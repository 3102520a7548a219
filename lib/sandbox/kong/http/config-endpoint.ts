import { declarativeConfigInvalid, KongApiError } from "../api-error";
import { flattenDeclarativeErrors } from "../flatten-errors";
import { configHash, exportDeclarativeConfig, parseDeclarativeText } from "../declarative-config";
import { isPlainObject } from "../schemas/field-spec";
import type { ApiRequest, GatewayContext } from "./context";
import type { Reply } from "./reply";

const OPTION_PARAMS = ["check_hash", "flatten_errors"];

// hydrate_config_from_request: a body with _format_version is the config itself (no hash to
// compare); otherwise the `config` string or the raw body is unserialized and hashed.
function configFromBody(req: ApiRequest): { config: unknown; fromText: boolean } {
  const b = req.body;
  if (b.kind === "yaml") return { config: parseDeclarativeText(b.text), fromText: true };
  if (b.kind === "json" || b.kind === "form") {
    const v = Object.fromEntries(Object.entries(b.value as Record<string, unknown>).filter(([k]) => !OPTION_PARAMS.includes(k)));
    if (v._format_version !== undefined) return { config: v, fromText: false };
    if (typeof v.config === "string") return { config: parseDeclarativeText(v.config), fromText: true };
    if (isPlainObject(v.config)) return { config: v.config, fromText: false };
  }
  throw new KongApiError(400, { message: "expected a declarative configuration" });
}

// parse_config_post_opts: truthy() for flatten_errors; check_hash only as "1". Body params count too.
function option(req: ApiRequest, name: string): string | undefined {
  const fromQuery = req.query.get(name);
  if (fromQuery !== null) return fromQuery;
  const b = req.body;
  const v = b.kind === "json" || b.kind === "form" ? (b.value as Record<string, unknown>)[name] : undefined;
  return v === undefined ? undefined : String(v);
}

/** GET and POST /config (kong/api/routes/config.lua); DB-less only. */
export function handleConfig(ctx: GatewayContext, req: ApiRequest): Reply {
  if (ctx.options.mode !== "dbless") {
    throw new KongApiError(400, { message: "this endpoint is only available when Kong is configured to not use a database" });
  }
  if (req.method === "GET") {
    return { status: 200, body: { config: exportDeclarativeConfig(ctx.store.workspace(req.workspace)) } };
  }
  const { config, fromText } = configFromBody(req);
  if (option(req, "check_hash") === "1" && fromText && configHash(config) === ctx.store.configHash()) return { status: 304 };
  const flatten = ["true", "1", "on", "yes"].includes((option(req, "flatten_errors") ?? "").toLowerCase());
  try {
    const loaded = ctx.store.loadConfig(config, { workspace: req.workspace });
    return { status: 201, body: loaded.flattened };
  } catch (err) {
    if (!flatten || !(err instanceof KongApiError) || err.body?.code !== 14 || !isPlainObject(config)) throw err;
    const remaining = structuredClone(err.body.fields) as Record<string, unknown>;
    const flattened = flattenDeclarativeErrors(config, remaining);
    return { status: 400, body: { ...declarativeConfigInvalid(remaining).body, flattened_errors: flattened } };
  }
}
