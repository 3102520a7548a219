// One copy of each equal string in the worker's long-lived maps. JSON.parse and string joins make
// a fresh copy of every value: at 10k APIs the index held 6 MiB of copies (each Service's key
// built four times, a route's service id, namespaces, hosts, label values). V8 keeps property
// names in its string table, which is weak: a name nobody holds any more is collected. A
// dictionary-mode object is a door to that table that keeps nothing itself.

const door: Record<string, 0> = Object.create(null);
// adding and deleting a property turns the object into a dictionary for good: no hidden classes
// are made for the names that pass through it
door.interned = 0;
delete door.interned;

/** Strings longer than this are not looked up (annotation documents, certificates): rarely equal. */
export const INTERN_MAX_LENGTH = 256;

/** The canonical copy of `s`: equal strings passed here come back as one string. */
export function intern(s: string): string {
  door[s] = 0;
  for (const k in door) {
    delete door[k];
    return k;
  }
  return s;
}

/**
 * Replaces, in place, every string value up to INTERN_MAX_LENGTH in a JSON-shaped value (plain
 * objects and arrays) by its canonical copy; property names are canonical already. Returns `value`.
 */
export function internStrings<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === "string") {
        if (v.length <= INTERN_MAX_LENGTH) value[i] = intern(v);
      } else if (v !== null && typeof v === "object") internStrings(v);
    }
  } else if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    for (const key in o) {
      const v = o[key];
      if (typeof v === "string") {
        if (v.length <= INTERN_MAX_LENGTH) o[key] = intern(v);
      } else if (v !== null && typeof v === "object") internStrings(v);
    }
  }
  return value;
}
