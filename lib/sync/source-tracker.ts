// What one source currently has, as fingerprints of its slim objects: decides what changed, what
// vanished in a relist, and whether a deletion is held. Fingerprints are kept per kind, namespace
// and name (nested maps whose keys are the objects' own strings): a few dozen bytes per object.
import crypto from "node:crypto";
import type { CatalogIndex, IndexObject } from "../catalog/catalog-index";
import { stableStringify } from "../catalog/merge-contributions";
import { decideDeletion, type DeletionPolicy, type HeldDeletion } from "./deletion-safety";
import { compacted, refOf, rowOf, shareStrings } from "./object-ref";
import type { SyncWriter } from "./sync-writer";
import { logger } from "../log";
import { forEachSliced, TimeSlicer } from "../util/time-slicer";

type Kind = IndexObject["kind"];
type Ref = { kind: Kind; namespace: string; name: string };

/** What the source says about an object's version (a resourceVersion); absent: a content hash. */
export type Fingerprint = string | undefined;

export type SourceKind = "cluster" | "gateway";

/** Bookkeeping of one source; feeds the index and the writer. */
export class SourceTracker {
  /** kind -> namespace -> name -> fingerprint: a resourceVersion as is, or "#" and a content hash */
  private readonly entries = new Map<Kind, Map<string, Map<string, string>>>();
  private readonly kindCounts = new Map<string, number>();
  private total = 0;
  readonly held = new Map<string, HeldDeletion>();
  invalid = 0;
  lastInvalid?: string;
  /** objects added, changed or removed so far (a source compares it around a list it applies) */
  changes = 0;
  confirmedAt: Date | null = null;

  constructor(
    readonly sourceId: string,
    readonly name: string,
    readonly kind: SourceKind,
    private readonly index: CatalogIndex,
    private readonly writer: SyncWriter,
    private readonly policy: DeletionPolicy,
  ) {}

  /** Loads the last known state (from the database) without writing it back. */
  warm(objects: { object: IndexObject; version?: string | null }[]): void {
    for (const { object: o, version } of objects) {
      shareStrings(o);
      this.put(refOf(o), version || hashOf(contentOf(o)));
      this.index.upsert(o);
    }
  }

  /** True when the source reports the same version as last time (the object need not be read again). */
  unchanged(kind: Kind, namespace: string, name: string, version: Fingerprint): boolean {
    return version !== undefined && this.fingerprint({ kind, namespace, name }) === version;
  }

  /**
   * True when the tracker holds `o` as it is (the fingerprint upsert would compare). An object it
   * does not know is answered at once, without serialising it: a first poll asks about every
   * entity of the gateway.
   */
  holds(o: IndexObject): boolean {
    const known = this.fingerprint(refOf(o));
    return known !== undefined && known === hashOf(contentOf(o));
  }

  /** The tracker's key of an object. */
  /** Resolves once the writer has nothing queued, `maxMs` later at the latest (SyncWriter.whenIdle). */
  writesFirst(maxMs: number): Promise<void> {
    return this.writer.whenIdle(maxMs);
  }

  keyOf(o: IndexObject): string {
    return key(refOf(o));
  }

  /** Marks an unchanged object as seen (a relist that skipped reading it). */
  seen(kind: Kind, namespace: string, name: string): string {
    return key({ kind, namespace, name });
  }

  /** Applies one object as added or modified; `version` (a resourceVersion) saves hashing it. */
  upsert(o: IndexObject, version?: Fingerprint): void {
    const json = version ? undefined : contentOf(o);
    const fingerprint = version || hashOf(json!);
    if (this.fingerprint(refOf(o)) === fingerprint) return;
    const kept = compacted(o, json);
    this.changes++;
    this.put(refOf(kept), fingerprint);
    this.index.upsert(kept);
    this.writer.putObject(this.sourceId, { ...rowOf(kept), ...(version ? { version } : {}) });
  }

  /** Applies a deletion the source reported explicitly (a watch DELETED event). */
  remove(kind: Kind, namespace: string, name: string): void {
    const names = this.entries.get(kind)?.get(namespace);
    if (!names?.delete(name)) return;
    if (names.size === 0) this.entries.get(kind)!.delete(namespace);
    this.changes++;
    this.total--;
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 1) - 1);
    this.index.remove(kind, this.name, namespace, name);
    this.writer.goneObject(this.sourceId, { kind, namespace, name });
  }

  private fingerprint(r: Ref): string | undefined {
    return this.entries.get(r.kind)?.get(r.namespace)?.get(r.name);
  }

  private put(r: Ref, fingerprint: string): void {
    let byNamespace = this.entries.get(r.kind);
    if (!byNamespace) this.entries.set(r.kind, (byNamespace = new Map()));
    let names = byNamespace.get(r.namespace);
    if (!names) byNamespace.set(r.namespace, (names = new Map()));
    if (!names.has(r.name)) {
      this.total++;
      this.kindCounts.set(r.kind, (this.kindCounts.get(r.kind) ?? 0) + 1);
    }
    names.set(r.name, fingerprint);
  }

  /** Records an object the adapter could not read; the last good state is kept. */
  reject(error: string): void {
    this.invalid++;
    if (this.lastInvalid !== error) logger.warn("skipped an object Signpost cannot read", { source: this.name, error });
    this.lastInvalid = error;
  }

  /**
   * Applies a complete list of `kinds`: upserts what is there; what vanished is marked gone
   * unless the deletion safety holds it.
   * @returns the held deletion for these kinds, if any
   */
  snapshot(
    kinds: Kind[],
    objects: { object: IndexObject; version?: Fingerprint }[],
    now = new Date(),
    unchangedKeys: string[] = [],
  ): HeldDeletion | undefined {
    const seen = new Set<string>(unchangedKeys);
    for (const { object: o, version } of objects) {
      seen.add(key(refOf(o)));
      this.upsert(o, version);
    }
    const gone = this.vanished(kinds, seen, now);
    if (!Array.isArray(gone)) return gone.held;
    for (const e of gone) this.remove(e.kind, e.namespace, e.name);
    return undefined;
  }

  /**
   * snapshot() for a source that lists everything at once (a gateway poll: 200k entities at 100k
   * APIs), in slices with the event loop let through between them. The writer derives no API
   * until the whole list is applied: a half-applied list would show APIs as they never were (a
   * route moved between services in neither, or in both).
   */
  async snapshotSliced(
    kinds: Kind[],
    objects: Iterable<{ object: IndexObject; version?: Fingerprint }>,
    now = new Date(),
    unchangedKeys: Iterable<string> = [],
    slicer = new TimeSlicer(),
  ): Promise<HeldDeletion | undefined> {
    const release = this.writer.holdDerivation();
    try {
      const seen = new Set<string>(unchangedKeys);
      await forEachSliced(objects, ({ object: o, version }) => {
        seen.add(key(refOf(o)));
        this.upsert(o, version);
      }, slicer);
      const gone = this.vanished(kinds, seen, now);
      if (!Array.isArray(gone)) return gone.held;
      await forEachSliced(gone, (e) => this.remove(e.kind, e.namespace, e.name), slicer);
      return undefined;
    } finally {
      release();
    }
  }

  /** What a complete list of `kinds` no longer has: the objects to remove, or the deletion held. */
  private vanished(kinds: Kind[], seen: Set<string>, now: Date): Ref[] | { held: HeldDeletion } {
    const vanished: Ref[] = [];
    for (const kind of kinds) {
      for (const [namespace, names] of this.entries.get(kind) ?? []) {
        for (const name of names.keys()) if (!seen.has(key({ kind, namespace, name }))) vanished.push({ kind, namespace, name });
      }
    }
    const heldKey = kinds.join(",");
    if (vanished.length === 0) {
      this.held.delete(heldKey);
      return [];
    }
    // The share is of the kinds relisted: every Ingress vanishing from a cluster of 20k objects
    // is 100 % of the Ingresses, not 0.5 % of the source.
    const relisted = kinds.reduce((n, k) => n + (this.kindCounts.get(k) ?? 0), 0);
    const decision = decideDeletion(vanished, relisted, this.policy, now, this.held.get(heldKey), this.confirmedAt);
    if (!decision.apply) {
      this.held.set(heldKey, decision.held);
      logger.warn("held a mass deletion", { source: this.name, count: decision.held.count, share: decision.held.share });
      return { held: decision.held };
    }
    this.held.delete(heldKey);
    if (decision.reason !== "small") logger.info("applied a held deletion", { source: this.name, count: vanished.length, reason: decision.reason });
    return vanished;
  }

  /** Object counts per kind (kept as objects come and go). */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, n] of this.kindCounts) if (n > 0) out[k] = n;
    return out;
  }

  /** The held deletion to report (the largest one), if any. */
  heldDeletion(): HeldDeletion | undefined {
    return [...this.held.values()].sort((a, b) => b.count - a.count)[0];
  }

  get size(): number {
    return this.total;
  }
}

/**
 * The text an object without a version of its source (a Kong entity) is fingerprinted by: JSON
 * with sorted keys, so that the object a warm start reads back from jsonb (which orders keys its
 * own way) fingerprints as the one reshaped from the gateway. With the reshaped order, the first
 * poll after every restart found each Kong entity changed and wrote it again (20k rows at 10k APIs).
 */
function contentOf(o: IndexObject): string {
  return stableStringify(o.obj);
}

/** Identity of an object among everything the source has (for the keys a relist saw). */
function key(r: Ref): string {
  return [r.kind, r.namespace, r.name].join("\u0000");
}

/** "#" and 66 bits of a SHA-1 of a slim object's JSON: 12 characters, one flat string. */
function hashOf(json: string): string {
  return "#" + crypto.createHash("sha1").update(json).digest("base64").slice(0, 11);
}
