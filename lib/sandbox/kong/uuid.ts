import { createHash, randomUUID } from "node:crypto";

// Kong's is_valid_uuid: any version, case-insensitive.
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Root namespace Kong (declarative_config.lua) and go-kong use for deterministic entity ids. */
export const KONG_ENTITY_NAMESPACE = "fd02801f-0957-4a15-a55a-c8d9606f30b5";

/** True when the value is a UUID in Kong's sense (decides id-versus-name lookups). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}

/** A random v4 UUID, what Kong assigns on insert when no id is given. */
export function uuidV4(): string {
  return randomUUID();
}

/** RFC 4122 name-based UUID (version 5, SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id Kong gives a declarative entity without one: uuid5(uuid5(root, kind), key). */
export function declarativeId(kind: string, key: string): string {
  return uuidV5(uuidV5(KONG_ENTITY_NAMESPACE, kind), key);
}
