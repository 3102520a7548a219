import { createHash, pbkdf2Sync, randomBytes } from "node:crypto";
import type { Entity } from "../types";
import { type EntitySchema, idField, tagsField, timestampSeconds } from "./entity-schema";
import type { FieldSpec, RecordFields } from "./field-spec";
import { validateJwtKey, validateRedirectUri } from "./crypto-validators";

// The credentials of the bundled auth plugins (kong/plugins/*/daos.lua): each belongs to a
// consumer (cascade on delete), has created_at but no updated_at, and is served under
// /consumers/{consumer}/<nested name> and /<admin name>.

const consumerField: FieldSpec = { type: "foreign", reference: "consumers", required: true, onDelete: "cascade" };
const consumerFk = [{ field: "consumer", reference: "consumers", onDelete: "cascade" as const }];

function credential(
  kind: EntitySchema["kind"], adminName: string, nestedName: string, endpointKey: string,
  fields: RecordFields, extra: Partial<EntitySchema> = {},
): EntitySchema {
  return {
    kind, adminName, nestedName, endpointKey, timestamps: "s", foreign: consumerFk, checks: [], unique: [],
    fields: [["id", idField], ["created_at", timestampSeconds], ["consumer", consumerField], ...fields, ["tags", tagsField]],
    ...extra,
  };
}

/** key-auth: `key` is generated when left out; rows may have a ttl. */
export const keyAuthSchema = credential("keyauth_credentials", "key-auths", "key-auth", "key",
  [["key", { type: "string", unique: true, auto: true }]], { unique: ["key"], ttl: true });

/** basic-auth: the password is stored as sha1(password .. consumer id) in hex (crypto.lua). */
export const basicAuthSchema = credential("basicauth_credentials", "basic-auths", "basic-auth", "username",
  [["username", { type: "string", required: true, unique: true }], ["password", { type: "string", required: true }]],
  {
    unique: ["username"],
    transform: (e: Entity, input) => {
      if (input.password === undefined) return e;
      const consumerId = (e.consumer as { id: string }).id;
      return { ...e, password: createHash("sha1").update(`${e.password as string}${consumerId}`).digest("hex") };
    },
  });

/** hmac-auth: `secret` is generated when left out. */
export const hmacAuthSchema = credential("hmacauth_credentials", "hmac-auths", "hmac-auth", "username",
  [["username", { type: "string", required: true, unique: true }], ["secret", { type: "string", auto: true }]],
  { unique: ["username"] });

const JWT_ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"];
const NEEDS_PUBLIC_KEY = new Set(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"]);

/** jwt: `key` and `secret` generated; RS/PS/EdDSA algorithms need a parsable rsa_public_key. */
export const jwtSchema = credential("jwt_secrets", "jwts", "jwt", "key", [
  ["key", { type: "string", unique: true, auto: true }],
  ["secret", { type: "string", auto: true }],
  ["rsa_public_key", { type: "string" }],
  ["algorithm", { type: "string", default: "HS256", oneOf: JWT_ALGORITHMS }],
], {
  unique: ["key"],
  checks: [{
    fields: ["algorithm", "rsa_public_key"],
    check: (e) => {
      if (!NEEDS_PUBLIC_KEY.has(e.algorithm as string)) return null;
      if (typeof e.rsa_public_key !== "string") return { rsa_public_key: "required field missing" };
      const err = validateJwtKey(e.rsa_public_key);
      return err ? { rsa_public_key: err } : null;
    },
  }],
});

/** oauth2 (admin_api_name "oauth2" for both paths): client_id and client_secret generated. */
export const oauth2Schema = credential("oauth2_credentials", "oauth2", "oauth2", "client_id", [
  ["name", { type: "string", required: true }],
  ["client_id", { type: "string", unique: true, auto: true }],
  ["client_secret", { type: "string", auto: true }],
  ["hash_secret", { type: "boolean", required: true, default: false }],
  ["redirect_uris", { type: "array", elements: { type: "string", custom: validateRedirectUri as (v: never) => string | null } }],
  ["client_type", { type: "string", required: true, default: "confidential", oneOf: ["confidential", "public"] }],
], {
  unique: ["client_id"],
  transform: (e: Entity, input) => {
    if (input.hash_secret === undefined || e.hash_secret !== true || typeof e.client_secret !== "string" || e.client_secret.startsWith("$pbkdf2")) return e;
    return { ...e, client_secret: hashOauthSecret(e.client_secret) };
  },
});

// secret.lua falls back to PBKDF2-SHA512 in PHC form when argon2/bcrypt are unavailable.
function hashOauthSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(secret, salt, 10000, 32, "sha512");
  const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
  return `$pbkdf2-sha512$i=10000,l=32$${b64(salt)}$${b64(hash)}`;
}

/** acl groups: unique per (consumer, group) (cache_key). */
export const aclSchema: EntitySchema = {
  ...credential("acls", "acls", "acls", "id", [["group", { type: "string", required: true }]]),
  cacheKey: ["consumer", "group"],
  // kong/plugins/acl/api.lua: /consumers/{c}/acls/{group} finds the consumer's ACL by group.
  keyInParent: "group",
};
