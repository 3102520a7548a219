import { validateJwk, validatePemKeys } from "./crypto-validators";
import type { FieldErrors } from "../api-error";
import { type EntitySchema, idField, isNonEmpty, tagsField, timestampSeconds } from "./entity-schema";
import { isPlainObject } from "./field-spec";

/** kong/db/schema/entities/key_sets.lua (Admin API /key-sets). */
export const keySetSchema: EntitySchema = {
  kind: "key_sets",
  adminName: "key-sets",
  endpointKey: "name",
  unique: ["name"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["name", { type: "string", unique: true }],
    ["tags", tagsField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
  ],
  foreign: [],
  checks: [],
};

const FORMATS = ["jwk", "pem"];

/** kong/db/schema/entities/keys.lua: a JWK string or a PEM pair, unique by (kid, set). */
export const keySchema: EntitySchema = {
  kind: "keys",
  endpointKey: "name",
  unique: ["name"],
  cacheKey: ["kid", "set"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["set", { type: "foreign", reference: "key_sets", onDelete: "cascade" }],
    ["name", { type: "string", unique: true }],
    ["kid", { type: "string", required: true }],
    ["jwk", { type: "string" }],
    ["pem", {
      type: "record", required: false,
      fields: [["private_key", { type: "string" }], ["public_key", { type: "string" }]],
    }],
    ["tags", tagsField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
  ],
  foreign: [{ field: "set", reference: "key_sets", onDelete: "cascade" }],
  checks: [
    {
      fields: FORMATS,
      check: (e) => {
        const set = FORMATS.filter((f) => isNonEmpty(e[f]));
        if (set.length > 1) return { "@entity": ["only one of these fields must be non-empty: 'jwk', 'pem'"] };
        if (set.length === 0) return { "@entity": ["at least one of these fields must be non-empty: 'jwk', 'pem'"] };
        return null;
      },
    },
    {
      fields: ["jwk", "pem", "kid"],
      check: (e): FieldErrors | null => {
        if (typeof e.jwk === "string") {
          const err = validateJwk(e.jwk, e.kid);
          if (err) return { "@entity": [err] };
        }
        if (isPlainObject(e.pem)) {
          if (!e.pem.private_key && !e.pem.public_key) return { "@entity": ["need to supply a PEM formatted public and/or private key."] };
          const err = validatePemKeys(e.pem);
          if (err) return { pem: err };
        }
        return null;
      },
    },
  ],
};
