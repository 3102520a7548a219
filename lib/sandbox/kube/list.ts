// LIST with the resourceVersion and paging semantics of reference §1.3: every page of a paged
// list comes from the snapshot taken for page 1 (same RV, later writes invisible), tokens
// expire after continueTtlMs with the 410 + inconsistent-continue Status a real server sends.
import { KubeApiError, apiErrors } from "./status-errors";
import { compileSelectors } from "./selectors";
import { objectKey } from "./object-meta";
import type { ClusterStore } from "./store";
import type { KubeObject, ResourceDef } from "./types";

/** The list query parameters the sandbox honours. */
export type ListParams = {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
};

/** Stored objects of one page plus the ListMeta to send with them. */
export type ListPage = { items: KubeObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number };

type Token = { v: "meta.k8s.io/v1"; rv: number; start: string; t: number };

const MAX_SNAPSHOTS = 64;

function encode(t: Token): string {
  return Buffer.from(JSON.stringify(t)).toString("base64url");
}

function decode(s: string): Token {
  try {
    const t = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Token;
    if (t.v !== "meta.k8s.io/v1" || typeof t.rv !== "number" || typeof t.start !== "string") throw new Error("bad token");
    return t;
  } catch {
    throw apiErrors.badRequest(`continue key is not valid: ${JSON.stringify(s)}`);
  }
}

function parseRv(s: string): number {
  if (!/^\d+$/.test(s)) throw apiErrors.badRequest(`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(s)}: strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

/** The first index of `items` (sorted by key) whose key passes `after` (a predicate monotone in the key). */
function firstWithKey(items: KubeObject[], after: (key: string) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (after(objectKey(items[mid].metadata.namespace, items[mid].metadata.name!))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Serves list pages for one store; holds the snapshots behind outstanding continue tokens. */
export class ListPager {
  private readonly snapshots = new Map<string, { items: KubeObject[]; created: number }>();

  constructor(private readonly store: ClusterStore, private readonly continueTtlMs: number) {}

  /** One page of `d` for the given parameters; throws KubeApiError (400/410/504). */
  list(d: ResourceDef, p: ListParams): ListPage {
    const match = compileSelectors(d, p.labelSelector, p.fieldSelector);
    const rvParam = p.resourceVersion ?? "";
    let rv = this.store.resourceVersion;
    let items: KubeObject[];
    let start: string | undefined;
    let issued = Date.now();
    let inconsistent = false;

    if (p.continue) {
      if (rvParam !== "" && rvParam !== "0") throw apiErrors.badRequest("specifying resource version is not allowed when using continue");
      const tok = decode(p.continue);
      start = tok.start;
      if (tok.rv === -1) {
        // An inconsistent token (from a 410): continue over the current state.
        items = this.store.itemsOf(d);
        inconsistent = true;
      } else {
        // Tokens die with age or with compaction past their snapshot, as etcd's do.
        const alive = Date.now() - tok.t < this.continueTtlMs && tok.rv >= this.store.compactedRv;
        const snap = alive ? this.snapshot(d, tok.rv) : undefined;
        if (!snap) throw apiErrors.continueExpired(encode({ v: "meta.k8s.io/v1", rv: -1, start: tok.start, t: Date.now() }));
        items = snap;
        rv = tok.rv;
        issued = tok.t;
      }
    } else if (rvParam === "" || rvParam === "0" || p.resourceVersionMatch === "NotOlderThan" || (!p.limit && p.resourceVersionMatch !== "Exact")) {
      // Most recent / Any / Not older than: the current state.
      if (rvParam !== "" && rvParam !== "0") this.checkNotTooLarge(parseRv(rvParam));
      items = this.store.itemsOf(d);
    } else {
      // limit with an RV, or resourceVersionMatch=Exact: the state exactly at that RV.
      rv = parseRv(rvParam);
      this.checkNotTooLarge(rv);
      const snap = this.snapshot(d, rv);
      if (!snap) throw new KubeApiError({ ...apiErrors.tooOldResourceVersion(rv, this.store.compactedRv).status, message: "The resourceVersion for the provided list is too old." });
      items = snap;
    }

    // The items are sorted by key (namespace/name): a page starts where its token left off and, in
    // one namespace, within that namespace's run of keys, found by binary search. Filtering every
    // item for every page cost the sandbox seconds per 100k-object list (200 pages of 500).
    const wanted = (o: KubeObject) => (!p.namespace || o.metadata.namespace === p.namespace) && match(o);
    let from = start === undefined ? 0 : firstWithKey(items, (k) => k > start!);
    let to = items.length;
    if (p.namespace) {
      const ns = p.namespace;
      from = Math.max(from, firstWithKey(items, (k) => k >= `${ns}/`));
      to = firstWithKey(items, (k) => k >= `${ns}0`); // "0" follows "/": every "ns/..." key is below it
    }
    const limit = p.limit && p.limit > 0 ? p.limit : Infinity;
    const page: KubeObject[] = [];
    let i = from;
    for (; i < to && page.length < limit; i++) if (wanted(items[i])) page.push(items[i]);
    const selected = Boolean(p.labelSelector || p.fieldSelector);
    let more = false;
    for (let j = i; j < to && !more; j++) more = wanted(items[j]);
    const out: ListPage = { items: page, resourceVersion: String(rv) };
    if (more) {
      const last = page[page.length - 1];
      out.continue = encode({ v: "meta.k8s.io/v1", rv: inconsistent ? -1 : rv, start: objectKey(last.metadata.namespace, last.metadata.name!), t: issued });
      // Like etcd3, the count is only known when no selector filters the remainder (then every key
      // left in the range is one).
      if (!selected) out.remainingItemCount = to - i;
      if (!inconsistent) this.remember(d, rv, items);
    }
    return out;
  }

  private checkNotTooLarge(rv: number): void {
    if (rv <= this.store.resourceVersion) return;
    throw new KubeApiError({
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
      message: `Too large resource version: ${rv}, current: ${this.store.resourceVersion}`, reason: "Timeout",
      details: { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 },
      code: 504,
    });
  }

  private snapshot(d: ResourceDef, rv: number): KubeObject[] | undefined {
    // Compaction forgets every state before it, remembered pages included (etcd's ErrCompacted).
    if (rv < this.store.compactedRv) return undefined;
    const cached = this.snapshots.get(`${d.storageKey}@${rv}`);
    if (cached) return cached.items;
    if (rv === this.store.resourceVersion) return this.store.itemsOf(d);
    return this.store.stateAt(d, rv);
  }

  private remember(d: ResourceDef, rv: number, items: KubeObject[]): void {
    const now = Date.now();
    for (const [k, v] of this.snapshots) if (now - v.created > this.continueTtlMs) this.snapshots.delete(k);
    const key = `${d.storageKey}@${rv}`;
    if (!this.snapshots.has(key)) this.snapshots.set(key, { items, created: now });
    while (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
  }
}
