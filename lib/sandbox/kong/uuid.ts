import { randomUUID } from "node:crypto";
import { uuidV5 } from "../../util/uuid-v5";

export { uuidV5 };

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

/** The id Kong gives a declarative entity without one: uuid5(uuid5(root, kind), key). */
export function declarativeId(kind: string, key: string): string {
  return uuidV5(uuidV5(KONG_ENTITY_NAMESPACE, kind), key);
}
