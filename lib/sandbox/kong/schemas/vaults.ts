import type { FieldErrors } from "../api-error";
import { type EntitySchema, idField, tagsField, timestampSeconds } from "./entity-schema";

/** The vaults open-source Kong bundles (constants.lua BUNDLED_VAULTS): only `env`. */
export const BUNDLED_VAULTS = ["env"] as const;

// kong/vaults/env/schema.lua: config.prefix names the environment variables' common prefix.
const ENV_PREFIX = /^[A-Za-z_-][A-Za-z0-9_-]*$/;

/**
 * kong/db/schema/entities/vaults.lua (Admin API /vaults, endpoint key `prefix`). `name` picks
 * the vault implementation (the subschema); `prefix` is what a `{vault://<prefix>/...}`
 * reference names, so it must fit a URI host part and may not shadow a vault's own name.
 */
export const vaultSchema: EntitySchema = {
  kind: "vaults",
  endpointKey: "prefix",
  unique: ["prefix"],
  timestamps: "s",
  fields: [
    ["id", idField],
    // Lua pattern ^[a-z][a-z%d-]-[a-z%d]+$: two characters at least, no trailing dash.
    ["prefix", { type: "string", required: true, unique: true, match: /^[a-z][a-z0-9-]*[a-z0-9]$/, custom: notAVaultName as (v: never) => string | null }],
    ["name", { type: "string", required: true }],
    ["description", { type: "string" }],
    ["config", { type: "record", fields: [["prefix", { type: "string", match: ENV_PREFIX }]] }],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["tags", tagsField],
  ],
  foreign: [],
  checks: [],
  // subschema_key = "name": an unknown implementation is refused on `name`, and the config record
  // is the implementation's own (env has only `prefix`; other keys are "unknown field").
  validateExtra: (e): FieldErrors | undefined => {
    if (typeof e.name !== "string") return undefined;
    return (BUNDLED_VAULTS as readonly string[]).includes(e.name) ? undefined : { name: `vault '${e.name}' is not installed` };
  },
};

function notAVaultName(v: string): string | null {
  return (BUNDLED_VAULTS as readonly string[]).includes(v) ? `must not be one of: ${BUNDLED_VAULTS.join(", ")}` : null;
}
