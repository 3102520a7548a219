// Secondary indexes mapping a key to a set of strings. Most keys have one member, and an empty
// Set alone costs about 150 bytes: one member is kept as the string itself, a Set only from two
// members on. Members keep their insertion order either way.

import { intern } from "./intern";

export type Members = string | Set<string>;

/** key -> members; read and change it only through the functions below. */
export type MemberMap = Map<string, Members>;

const NONE: readonly string[] = [];

/** Adds `value` to the members of `key` (no change when it is one already). */
export function addMember(map: MemberMap, key: string, value: string): void {
  const current = map.get(key);
  // new keys and members are interned: the same key strings fill several indexes
  if (current === undefined) map.set(intern(key), intern(value));
  else if (typeof current !== "string") {
    if (!current.has(value)) current.add(intern(value));
  } else if (current !== value) map.set(key, new Set([current, intern(value)]));
}

/** Removes `value` from the members of `key`; a key left without members is dropped. */
export function deleteMember(map: MemberMap, key: string, value: string): void {
  const current = map.get(key);
  if (current === undefined) return;
  if (typeof current === "string") {
    if (current === value) map.delete(key);
    return;
  }
  if (!current.delete(value)) return;
  if (current.size === 1) map.set(key, current.values().next().value as string);
  else if (current.size === 0) map.delete(key);
}

/** The members of `key`, in insertion order (nothing when the key has none). */
export function membersOf(map: MemberMap, key: string): Iterable<string> {
  const current = map.get(key);
  if (current === undefined) return NONE;
  return typeof current === "string" ? [current] : current;
}

/** Number of members of `key`. */
export function memberCount(map: MemberMap, key: string): number {
  const current = map.get(key);
  return current === undefined ? 0 : typeof current === "string" ? 1 : current.size;
}

/** Adds `delta` to the count of `key`; a key counted down to zero is dropped. */
export function countBy(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
