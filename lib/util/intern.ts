// One copy of each equal string in the worker's long-lived maps. JSON.parse and string joins make
// a fresh copy of every value: at 10k APIs the index held 6 MiB of copies (each Service's key
// built four times, a route's service id, namespaces, hosts, label values). V8 keeps property
// names in its string table, which is weak: a name nobody holds any more is collected. A
// dictionary-mode object is a door to that table that keeps nothing itself (the map of recent
// strings below holds at most RECENT of them).

const door: Record<string, 0> = Object.create(null);
// adding and deleting a property turns the object into a dictionary for good: no hidden classes
// are made for the names that pass through it
door.interned = 0;
delete door.interned;

/** Strings longer than this are not looked up (annotation documents, certificates): rarely equal. */
export const INTERN_MAX_LENGTH = 256;
/**
 * JSON.parse already gives values up to this length as V8's canonical copies (measured on Node
 * 20: 100k parsed 10-character values share one string, 11-character ones do not).
 */
const PARSED_CANONICAL_LENGTH = 10;
/** Values that differ from object to object (pod addresses and names, paths): not worth a lookup. */
const UNSHARED_FIELDS = new Set(["addresses", "pod", "clusterIP", "ip", "hostname", "paths", "path"]);

// The door costs about 0.3 µs a string (the table lookup, a dictionary entry added and removed,
// a key enumerated); a map of the strings interned lately answers a repeat in under 0.1 µs. It
// holds at most RECENT strings, then starts over.
const RECENT = 4096;
let recent = new Map<string, string>();

/** The canonical copy of `s`: equal strings passed here come back as one string. */
export function intern(s: string): string {
  const known = recent.get(s);
  if (known !== undefined) return known;
  if (recent.size >= RECENT) recent = new Map();
  door[s] = 0;
  for (const k in door) {
    delete door[k];
    recent.set(k, k);
    return k;
  }
  return s;
}

function worthInterning(v: string): boolean {
  return v.length > PARSED_CANONICAL_LENGTH && v.length <= INTERN_MAX_LENGTH;
}

/**
 * Replaces, in place, the string values of a value JSON.parse gave (plain objects and arrays) by
 * their canonical copies: those longer than JSON.parse's own canonical ones and up to
 * INTERN_MAX_LENGTH, except under UNSHARED_FIELDS and, at the top level, `ownFields` (values
 * no other object has). Property names are canonical already. Returns `value`.
 */
export function internStrings<T>(value: T, ownFields?: ReadonlySet<string>): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === "string") {
        if (worthInterning(v)) value[i] = intern(v);
      } else if (v !== null && typeof v === "object") internStrings(v);
    }
  } else if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    for (const key in o) {
      if (UNSHARED_FIELDS.has(key) || ownFields?.has(key)) continue;
      const v = o[key];
      if (typeof v === "string") {
        if (worthInterning(v)) o[key] = intern(v);
      } else if (v !== null && typeof v === "object") internStrings(v);
    }
  }
  return value;
}

/**
 * `map.set(key, value)` with the key interned when it is new: the key strings of an index's
 * maps and member sets are then one string per object, however many maps it is in. (Setting an
 * existing key keeps the map's own key string.)
 */
export function setShared<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(map.has(key) ? key : intern(key), value);
}
