// The walks server-side apply makes over an object and its schema, with structured-merge-diff's
// rules: the field set of an object, the comparison of two objects (added, modified and removed
// paths), merging an applied configuration into a live object, and removing paths.
import { isDeepStrictEqual } from "node:util";
import { FieldSet, pathString, type FieldPath, type PathElement } from "./field-set";
import { deduce, type SmdType } from "./schema-types";

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** An item that breaks the list's key rules (answered 422 / 400 by the caller). */
export class SchemaError extends Error {}

/** The path element of a list item: its key fields (with schema defaults) or, in a set, its value. */
export function itemElement(list: Extract<SmdType, { t: "list" }>, item: unknown): PathElement {
  if (!list.keys.length) return { v: item };
  const elem = list.elem();
  const defaults = elem.t === "map" ? elem.defaults : new Map<string, unknown>();
  const keys: Array<[string, unknown]> = list.keys.map((k) => {
    const v = isMap(item) ? item[k] ?? defaults.get(k) : undefined;
    if (v === undefined) throw new SchemaError(`associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`);
    return [k, v];
  });
  return { k: keys.sort(([a], [b]) => (a < b ? -1 : 1)) };
}

const elementKey = (pe: PathElement) => JSON.stringify(pe);

function fieldType(t: Extract<SmdType, { t: "map" }>, key: string): SmdType {
  const f = t.fields.get(key) ?? t.elem;
  return f ? f() : { t: "deduced" };
}

/** The set of fields an object (an applied configuration) sets. */
export function toFieldSet(value: unknown, type: SmdType): FieldSet {
  const set = new FieldSet();
  const walk = (v: unknown, t0: SmdType, path: FieldPath) => {
    const t = deduce(t0, v);
    if (t.t === "scalar" || t.t === "deduced") return set.insert(path);
    if (t.t === "list") {
      if (!t.associative) return set.insert(path);
      if (!Array.isArray(v)) return;
      const seen = new Set<string>();
      for (const item of v) {
        const pe = itemElement(t, item);
        if (seen.has(elementKey(pe))) continue;
        seen.add(elementKey(pe));
        walk(item, t.elem(), [...path, pe]);
        set.insert([...path, pe]);
      }
      return;
    }
    if (t.atomic) return set.insert(path);
    if (!isMap(v)) return;
    for (const [k, child] of Object.entries(v)) {
      const p = [...path, { f: k }];
      walk(child, fieldType(t, k), p);
      if (child === null || (isMap(child) && Object.keys(child).length === 0) || !t.fields.has(k)) set.insert(p);
    }
  };
  walk(value, type, []);
  return set;
}

/**
 * The first associative-list key that appears twice in an applied configuration, as the
 * structured-merge-diff validation reports it (".spec.ports: duplicate entries for key [port=80,...]").
 */
export function findDuplicate(value: unknown, type: SmdType): string | undefined {
  const walk = (v: unknown, t0: SmdType, path: FieldPath): string | undefined => {
    const t = deduce(t0, v);
    if (t.t === "list" && t.associative && Array.isArray(v)) {
      const seen = new Set<string>();
      for (const item of v) {
        const pe = itemElement(t, item);
        if (seen.has(elementKey(pe))) return `${pathString(path)}: duplicate entries for key ${pathString([pe])}`;
        seen.add(elementKey(pe));
        const inner = walk(item, t.elem(), [...path, pe]);
        if (inner) return inner;
      }
    } else if (t.t === "map" && !t.atomic && isMap(v)) {
      for (const [k, child] of Object.entries(v)) {
        const inner = walk(child, fieldType(t, k), [...path, { f: k }]);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return walk(value, type, []);
}

/** What changed between two states of an object. */
export type Comparison = { added: FieldSet; modified: FieldSet; removed: FieldSet };

/** Compares two states (undefined = absent) the way the field manager does for an update. */
export function compare(lhs: unknown, rhs: unknown, type: SmdType): Comparison {
  const res: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const walk = (l: unknown, r: unknown, t0: SmdType, path: FieldPath) => {
    let inLeaf = false;
    const leaf = () => {
      inLeaf = true;
      if (l === undefined) res.added.insert(path);
      else if (r === undefined) res.removed.insert(path);
      else if (!isDeepStrictEqual(l, r)) res.modified.insert(path);
    };
    const t = deduce(t0, r !== undefined ? r : l);
    if (t.t === "scalar" || t.t === "deduced") leaf();
    else if (t.t === "list") {
      const ll = Array.isArray(l) ? l : undefined;
      const rl = Array.isArray(r) ? r : undefined;
      if (!t.associative || (!ll?.length && !rl?.length)) leaf();
      else {
        const lItems = new Map<string, { pe: PathElement; v: unknown }>();
        const rItems = new Map<string, { pe: PathElement; v: unknown }>();
        for (const item of ll ?? []) {
          const pe = itemElement(t, item);
          if (!lItems.has(elementKey(pe))) lItems.set(elementKey(pe), { pe, v: item });
        }
        for (const item of rl ?? []) {
          const pe = itemElement(t, item);
          if (!rItems.has(elementKey(pe))) rItems.set(elementKey(pe), { pe, v: item });
        }
        const keys = [...lItems.keys(), ...[...rItems.keys()].filter((k) => !lItems.has(k))];
        for (const k of keys) {
          const pe = (lItems.get(k) ?? rItems.get(k))!.pe;
          walk(lItems.get(k)?.v, rItems.get(k)?.v, t.elem(), [...path, pe]);
        }
      }
    } else {
      const lm = isMap(l) ? l : undefined;
      const rm = isMap(r) ? r : undefined;
      const empty = (m?: Json) => !m || Object.keys(m).length === 0;
      if (t.atomic || (empty(lm) && empty(rm))) leaf();
      else {
        for (const k of new Set([...Object.keys(lm ?? {}), ...Object.keys(rm ?? {})])) {
          walk(lm?.[k], rm?.[k], fieldType(t, k), [...path, { f: k }]);
        }
      }
    }
    if (!inLeaf) {
      if (l === undefined) res.added.insert(path);
      else if (r === undefined) res.removed.insert(path);
    }
  };
  walk(lhs, rhs, type, []);
  return res;
}

/** Merges an applied configuration into the live object: the configuration wins on every field it sets. */
export function merge(lhs: unknown, rhs: unknown, type: SmdType): unknown {
  if (rhs === undefined) return structuredClone(lhs);
  if (lhs === undefined) return structuredClone(rhs);
  const t = deduce(type, rhs);
  if (t.t === "scalar" || t.t === "deduced") return structuredClone(rhs);
  if (t.t === "list") {
    if (!t.associative || !Array.isArray(lhs) || !Array.isArray(rhs)) return structuredClone(rhs);
    return mergeList(t, lhs, rhs);
  }
  if (t.atomic || !isMap(lhs) || !isMap(rhs)) return structuredClone(rhs);
  const out: Json = structuredClone(lhs);
  for (const [k, v] of Object.entries(rhs)) out[k] = merge(lhs[k], v, fieldType(t, k));
  return out;
}

/** Associative list merge: items matched by key, kept in an order that respects both sides. */
function mergeList(t: Extract<SmdType, { t: "list" }>, lhs: unknown[], rhs: unknown[]): unknown[] {
  const lPEs = lhs.map((v) => elementKey(itemElement(t, v)));
  const rPEs = rhs.map((v) => elementKey(itemElement(t, v)));
  const lItems = new Map(lPEs.map((k, j) => [k, lhs[j]]));
  const rItems = new Map(rPEs.map((k, j) => [k, rhs[j]]));
  const shared = rPEs.filter((k) => lItems.has(k));
  let nextShared = shared.shift();
  const mergedR = new Set<string>();
  const out: unknown[] = [];
  const mergeItem = (k: string) => out.push(merge(lItems.get(k), rItems.get(k), t.elem()));
  let li = 0;
  let ri = 0;
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const k = lPEs[li];
      if (k === rPEs[ri]) {
        mergedR.add(k);
        mergeItem(k);
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (rItems.has(k) && nextShared !== undefined && nextShared !== k) {
        li++;
        continue;
      }
    }
    if (li < lPEs.length) {
      const k = lPEs[li];
      if (!rItems.has(k)) {
        out.push(structuredClone(lItems.get(k)));
        li++;
        continue;
      } else if (mergedR.has(k)) li++;
    }
    if (ri < rPEs.length) {
      const k = rPEs[ri];
      mergedR.add(k);
      mergeItem(k);
      ri++;
      if (nextShared === k) nextShared = shared.shift();
    }
  }
  return out;
}

/** Removes every member path of `set` from a copy of `value`. */
export function removePaths(value: unknown, set: FieldSet, type: SmdType): unknown {
  const out = structuredClone(value);
  for (const p of set.paths()) removePath(out, p, type);
  return out;
}

function removePath(root: unknown, path: FieldPath, type: SmdType): void {
  let v = root;
  let t = type;
  for (let j = 0; j < path.length; j++) {
    const pe = path[j];
    const last = j === path.length - 1;
    const tt = deduce(t, v);
    if ("f" in pe && isMap(v) && tt.t === "map") {
      if (last) delete v[pe.f];
      else [v, t] = [v[pe.f], fieldType(tt, pe.f)];
    } else if (("k" in pe || "v" in pe) && Array.isArray(v) && tt.t === "list") {
      const idx = v.findIndex((item) => elementKey(itemElement(tt, item)) === elementKey(pe));
      if (idx < 0) return;
      if (last) v.splice(idx, 1);
      else [v, t] = [v[idx], tt.elem()];
    } else return;
  }
}
