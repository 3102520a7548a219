// Merges the contributions to one API key into the DerivedApi that is stored and served.
import crypto from "node:crypto";
import type { Contribution } from "./contribution";
import type { DerivedApi, ExposureMode } from "./types";
import { modeRank, pickProxy, sortExposures } from "./rank";
import { ownerInfoOf } from "./owner";
import { publicAnnotations } from "../util/redact-secrets";

/** Builds the API from its contributions (at least one), deterministically. */
export function mergeContributions(parts: Contribution[]): DerivedApi {
  const sorted = [...parts].sort((a, b) => a.sortKey.localeCompare(b.sortKey));
  const first = sorted[0];
  const pick = <K extends keyof Contribution>(k: K) => sorted.map((c) => c[k]).find((v) => v !== null && v !== undefined) ?? null;
  const same = (k: "cluster" | "namespace") => {
    const values = new Set(sorted.map((c) => c[k]));
    return values.size === 1 ? first[k] : null;
  };

  const exposures = sortExposures(sorted.flatMap((c) => c.exposures));
  const proxy = pickProxy(exposures);
  const modes = [...new Set(exposures.map((e) => e.mode))].sort((a, b) => modeRank(a) - modeRank(b)) as ExposureMode[];
  const gateways = [...new Set(sorted.flatMap((c) => c.gateways))].sort();

  let readyPods: number | null = null;
  let totalPods: number | null = null;
  const podSets = sorted.map((c) => c.pods).filter((p): p is Map<string, boolean> => p !== null);
  if (podSets.length) {
    const all = new Map<string, boolean>();
    for (const set of podSets) for (const [id, ready] of set) all.set(id, (all.get(id) ?? false) || ready);
    totalPods = all.size;
    readyPods = [...all.values()].filter(Boolean).length;
  }

  const managedBy = sorted.some((c) => c.managedBy === "signpost")
    ? "signpost"
    : sorted.some((c) => c.managedBy === "kubernetes")
      ? "kubernetes"
      : "kong";

  const base = {
    key: first.key,
    name: first.name,
    microservice: pick("microservice") as string | null,
    team: pick("team") as string | null,
    cluster: same("cluster"),
    namespace: same("namespace"),
    exposureMode: (proxy?.mode ?? "ClusterIP") as ExposureMode,
    proxyUrl: proxy?.url ?? null,
    modes,
    gateways,
    managedBy: managedBy as DerivedApi["managedBy"],
    labels: first.labels,
    // Readers see an API's annotations: secret-named values and URL passwords never reach them.
    annotations: publicAnnotations(first.annotations),
    readyPods,
    totalPods,
    exposures,
  };
  const ownerInfo = ownerInfoOf(base.annotations);
  const searchText = compactSearchText([base.name, base.microservice, base.team, ownerInfo.owner, base.namespace, base.cluster, ...gateways, ...exposures.map((e) => e.url)]);
  // The event hash covers what consumers act on: addresses, exposures, ownership.
  const eventHash = hash({
    name: base.name,
    microservice: base.microservice,
    team: base.team,
    // only when there is one: APIs without an owner keep the hash they had before owners existed
    ...(ownerInfo.owner ? { owner: ownerInfo.owner } : {}),
    proxyUrl: base.proxyUrl,
    exposures: exposures.map((e) => [e.mode, e.url, e.status, e.source]),
  });
  // The owner's fields are stored in their own columns: an API that has them is written again
  // the first time it is derived after the columns were added.
  const hasOwnerInfo = ownerInfo.owner || ownerInfo.description || ownerInfo.links.length;
  const contentHash = hash({ ...base, searchText, ...(hasOwnerInfo ? { ownerInfo } : {}) });
  return { ...base, searchText, contentHash, eventHash };
}

// Keys are sorted: slim objects read back from jsonb come with another key order than freshly
// reshaped ones, and the same content must hash the same (a warm restart writes nothing).
function hash(value: unknown): string {
  return crypto.createHash("sha1").update(stableStringify(value)).digest("base64");
}

/**
 * JSON with sorted object keys, so equal content always hashes equal. The value is copied with
 * every object's keys in sorted order (parts already in order are kept as they are), and the copy
 * is written by one JSON.stringify: the same text as writing it key by key, which allocated a key
 * array, a sort's work array and a string piece per key and value (at 10k APIs, about 400 MiB in
 * the hashes of a first sync, a fifth of all it allocated). A part JSON.stringify would write
 * differently (an integer-like key, which objects enumerate first; a Date; a function) is written
 * key by key as before.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return value === undefined ? "null" : JSON.stringify(value);
  const sorted = inKeyOrder(value);
  return sorted === UNSORTABLE ? keyByKey(value) : JSON.stringify(sorted);
}

const UNSORTABLE = Symbol("unsortable");

/** `value` with every object's keys in sorted order (itself when already so), or UNSORTABLE. */
function inKeyOrder(value: object): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const s = sortedValue(v);
      if (s === UNSORTABLE) return UNSORTABLE;
      if (s !== v) (out ??= value.slice())[i] = s;
    }
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNSORTABLE;
  const obj = value as Record<string, unknown>;
  // A first look without a key array: most parts are in order and need no copy. The first `kept`
  // keys are in order with values that need no copy; where it stops, `stopped` is the sorted value
  // of the next key when that value was the reason (each part is worked out once).
  let prev: string | undefined;
  let kept = 0;
  let stopped: unknown = NOT_WORKED_OUT;
  let copy = false;
  for (const k in obj) {
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57) return UNSORTABLE; // integer-like keys are enumerated before the others
    if (prev !== undefined && !(prev < k)) {
      copy = true;
      break;
    }
    const v = obj[k];
    const s = sortedValue(v);
    if (s === UNSORTABLE) return UNSORTABLE;
    if (s !== v) {
      stopped = s;
      copy = true;
      break;
    }
    prev = k;
    kept++;
  }
  if (!copy) return value;
  // Object.keys lists the keys in the order for-in met them (own keys, no integer-like ones so far)
  const keys = Object.keys(obj);
  const values: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (i < kept) values[i] = obj[k];
    else if (i === kept && stopped !== NOT_WORKED_OUT) values[i] = stopped;
    else {
      const c = k.charCodeAt(0);
      if (c >= 48 && c <= 57) return UNSORTABLE;
      const s = sortedValue(obj[k]);
      if (s === UNSORTABLE) return UNSORTABLE;
      values[i] = s;
    }
  }
  sortByKey(keys, values);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  return out;
}

const NOT_WORKED_OUT = Symbol("not worked out");

function sortedValue(v: unknown): unknown {
  const t = typeof v;
  if (t === "object") return v === null ? v : inKeyOrder(v as object);
  return t === "function" || t === "symbol" || t === "bigint" ? UNSORTABLE : v;
}

/** Objects with more keys than this are sorted by Array.prototype.sort, which is not quadratic. */
const INSERTION_SORT_MAX = 64;

/**
 * Sorts `keys` in place as Array.prototype.sort() sorts strings (by UTF-16 code units, as `<`
 * compares), and `values` along with them. An object's few keys are sorted by insertion, without
 * the work array Array.prototype.sort allocates; a large map (hundreds of annotations) by sort.
 */
function sortByKey(keys: string[], values: unknown[]): void {
  const n = keys.length;
  if (n > INSERTION_SORT_MAX) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : 1));
    const k0 = keys.slice();
    const v0 = values.slice();
    for (let i = 0; i < n; i++) {
      keys[i] = k0[order[i]];
      values[i] = v0[order[i]];
    }
    return;
  }
  for (let i = 1; i < n; i++) {
    const k = keys[i];
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      values[j + 1] = values[j];
      j--;
    }
    keys[j + 1] = k;
    values[j + 1] = v;
  }
}

/** The key-by-key writing, for values JSON.stringify would write otherwise. */
function keyByKey(value: unknown): string {
  if (value === null || typeof value !== "object") return value === undefined ? "null" : JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + keyByKey(value[i]);
    return out + "]";
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = "{";
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? "" : ",") + JSON.stringify(k) + ":" + keyByKey(v);
    first = false;
  }
  return out + "}";
}

/**
 * The lower-cased words an API is found by, without repeats and without words contained in a
 * longer one (the name inside its URLs): a search for any substring of a field still matches,
 * and the text a search scans stays short.
 */
export function compactSearchText(fields: (string | null | undefined)[]): string {
  const words = [...new Set(fields.flatMap((f) => (f ? f.toLowerCase().split(/\s+/) : [])).filter(Boolean))];
  return words.filter((w, i) => !words.some((o, j) => j !== i && o.length > w.length && o.includes(w))).join(" ");
}
