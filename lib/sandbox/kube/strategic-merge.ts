// Strategic merge patch (the subset kubectl and controllers send, reference §2.7): maps merge
// recursively, null deletes a key, lists with a merge key merge element-wise (with
// `$patch: delete`, `$patch: replace`, `$setElementOrder/<f>`, `$deleteFromPrimitiveList/<f>`,
// `$retainKeys`), every other list is replaced wholesale.
import type { Json } from "./types";

/** The merge keys of a PodSpec at `at` (containers by name, their ports by containerPort, ...). */
function podTemplateMergeLists(at: string): Record<string, string> {
  const out: Record<string, string> = {
    [`${at}.volumes`]: "name", [`${at}.imagePullSecrets`]: "name", [`${at}.hostAliases`]: "ip",
    "status.conditions": "type",
  };
  for (const list of ["containers", "initContainers"]) {
    const c = `${at}.${list}`;
    Object.assign(out, { [c]: "name", [`${c}.ports`]: "containerPort", [`${c}.env`]: "name", [`${c}.volumeMounts`]: "mountPath", [`${c}.volumeDevices`]: "devicePath" });
  }
  return out;
}

/**
 * Lists that merge instead of being replaced, per kind: path -> merge key ("" = a list of
 * primitives merged as a set). Taken from the patchStrategy/patchMergeKey tags of k8s.io/api.
 */
const MERGE_LISTS: Record<string, Record<string, string>> = {
  "*": { "metadata.ownerReferences": "uid", "metadata.finalizers": "" },
  Service: { "spec.ports": "port" },
  Node: { "status.addresses": "type", "status.conditions": "type", "spec.taints": "key", "spec.podCIDRs": "" },
  Namespace: { "status.conditions": "type" },
  Deployment: podTemplateMergeLists("spec.template.spec"),
  ServiceAccount: { secrets: "name" },
};

/** Thrown for patches that cannot apply; the caller answers 422. */
export class PatchError extends Error {}

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

function mergeKeyFor(kind: string, path: string): string | undefined {
  return MERGE_LISTS[kind]?.[path] ?? MERGE_LISTS["*"][path];
}

/** Applies a strategic merge patch for an object of `kind`; returns a new object. */
export function strategicMerge(kind: string, original: Json, patch: Json): Json {
  if (!isMap(patch)) throw new PatchError("strategic merge patch must be a JSON object");
  const merged = mergeMap(kind, original, patch, "");
  return merged ?? {};
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isMap(v)) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith("$")) out[k] = stripDirectives(x);
  return out;
}

function mergeMap(kind: string, original: Json | undefined, patch: Json, path: string): Json | undefined {
  if (patch.$patch === "delete") return undefined;
  if (patch.$patch === "replace") return stripDirectives(patch) as Json;
  const result: Json = isMap(original) ? clone(original) : {};
  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(result)) if (!patch.$retainKeys.includes(k)) delete result[k];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$")) continue;
    const childPath = path ? `${path}.${key}` : key;
    if (value === null) {
      delete result[key];
    } else if (isMap(value)) {
      const merged = mergeMap(kind, isMap(result[key]) ? result[key] : undefined, value, childPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const mergeKey = mergeKeyFor(kind, childPath);
      if (mergeKey === undefined) result[key] = stripDirectives(value);
      else if (mergeKey === "") result[key] = mergePrimitives(result[key], value);
      else result[key] = mergeKeyed(kind, result[key], value, mergeKey, childPath);
    } else {
      result[key] = value;
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$deleteFromPrimitiveList/") && Array.isArray(value)) {
      const field = key.slice("$deleteFromPrimitiveList/".length);
      if (Array.isArray(result[field])) result[field] = result[field].filter((x: unknown) => !value.includes(x));
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$setElementOrder/") && Array.isArray(value)) {
      const field = key.slice("$setElementOrder/".length);
      const mergeKey = mergeKeyFor(kind, path ? `${path}.${field}` : field);
      if (Array.isArray(result[field]) && mergeKey !== undefined) result[field] = reorder(result[field], value, mergeKey);
    }
  }
  return result;
}

function mergePrimitives(original: unknown, patch: unknown[]): unknown[] {
  const server = Array.isArray(original) ? original : [];
  const patched = patch.filter((v, i) => patch.indexOf(v) === i);
  return mergeSorted(server.filter((v) => !patched.includes(v)), patched, server, (v) => v);
}

/**
 * The order apimachinery gives a merged list (normalizeElementOrder): the patch's items in patch
 * order, the server-only items in server order, interleaved by their server positions; an item
 * new to the server comes before the server-only items still waiting.
 */
function mergeSorted(serverOnly: unknown[], patched: unknown[], server: unknown[], keyOf: (v: unknown) => unknown): unknown[] {
  const pos = (v: unknown) => server.findIndex((x) => keyOf(x) === keyOf(v));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patched.length) {
    if (j >= patched.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(patched[j++]);
    else {
      const [l, r] = [pos(serverOnly[i]), pos(patched[j])];
      out.push(l >= 0 && r >= 0 && l < r ? serverOnly[i++] : patched[j++]);
    }
  }
  return out;
}

function mergeKeyed(kind: string, original: unknown, patch: unknown[], mergeKey: string, path: string): unknown[] {
  // A `{"$patch": "replace"}` element means: the rest of the patch list is the whole new list.
  if (patch.some((p) => isMap(p) && p.$patch === "replace" && !(mergeKey in p))) {
    return patch.filter((p) => !(isMap(p) && p.$patch === "replace" && !(mergeKey in p))).map(stripDirectives);
  }
  const server: unknown[] = Array.isArray(original) ? clone(original) : [];
  const keyOf = (v: unknown) => (isMap(v) ? v[mergeKey] : v);
  const patched: unknown[] = [];
  const touched = new Set<unknown>();
  for (const item of patch) {
    if (!isMap(item)) {
      patched.push(item);
      continue;
    }
    if (!(mergeKey in item)) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    touched.add(item[mergeKey]);
    if (item.$patch === "delete") continue;
    const existing = server.find((o) => keyOf(o) === item[mergeKey]) ?? patched.find((o) => keyOf(o) === item[mergeKey]);
    const merged = mergeMap(kind, existing as Json | undefined, item, path);
    const at = patched.findIndex((o) => keyOf(o) === item[mergeKey]);
    if (merged === undefined) {
      if (at >= 0) patched.splice(at, 1);
    } else if (at >= 0) patched[at] = merged;
    else patched.push(merged);
  }
  return mergeSorted(server.filter((o) => !touched.has(keyOf(o))), patched, server, keyOf);
}

/**
 * `$setElementOrder`: elements named in the order list take that order; elements the patch
 * did not name (server-only) keep their slots, which is what apimachinery's normalisation does
 * for the common case.
 */
function reorder(list: unknown[], order: unknown[], mergeKey: string): unknown[] {
  const keyOf = (v: unknown) => (mergeKey === "" ? v : isMap(v) ? v[mergeKey] : undefined);
  const wanted = order.map(keyOf);
  const slots: number[] = [];
  list.forEach((item, i) => { if (wanted.includes(keyOf(item))) slots.push(i); });
  const named = slots.map((i) => list[i]).sort((a, b) => wanted.indexOf(keyOf(a)) - wanted.indexOf(keyOf(b)));
  const out = [...list];
  slots.forEach((slot, j) => { out[slot] = named[j]; });
  return out;
}
