// What one source currently has, as hashes of its slim objects: decides what changed, what
// vanished in a relist, and whether a deletion is held.
import crypto from "node:crypto";
import type { CatalogIndex, IndexObject } from "../catalog/catalog-index";
import { decideDeletion, type DeletionPolicy, type HeldDeletion } from "./deletion-safety";
import { refOf, rowOf } from "./object-ref";
import type { SyncWriter } from "./sync-writer";
import { logger } from "../log";

type Entry = { kind: IndexObject["kind"]; namespace: string; name: string; hash: string };

/** What the source says about an object's version (a resourceVersion); absent: a content hash. */
export type Fingerprint = string | undefined;

export type SourceKind = "cluster" | "gateway";

/** Bookkeeping of one source; feeds the index and the writer. */
export class SourceTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly kindCounts = new Map<string, number>();
  readonly held = new Map<string, HeldDeletion>();
  invalid = 0;
  lastInvalid?: string;
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
      const ref = refOf(o);
      this.put(key(ref), { ...ref, hash: version ? `v:${version}` : hashOf(o) });
      this.index.upsert(o);
    }
  }

  /** True when the source reports the same version as last time (the object need not be read again). */
  unchanged(kind: IndexObject["kind"], namespace: string, name: string, version: Fingerprint): boolean {
    return version !== undefined && this.entries.get(key({ kind, namespace, name }))?.hash === `v:${version}`;
  }

  /** The tracker's key of an object. */
  keyOf(o: IndexObject): string {
    return key(refOf(o));
  }

  /** Marks an unchanged object as seen (a relist that skipped reading it). */
  seen(kind: IndexObject["kind"], namespace: string, name: string): string {
    return key({ kind, namespace, name });
  }

  /** Applies one object as added or modified; `version` (a resourceVersion) saves hashing it. */
  upsert(o: IndexObject, version?: Fingerprint): void {
    const ref = refOf(o);
    const k = key(ref);
    const hash = version ? `v:${version}` : hashOf(o);
    if (this.entries.get(k)?.hash === hash) return;
    this.put(k, { ...ref, hash });
    this.index.upsert(o);
    this.writer.putObject(this.sourceId, { ...rowOf(o), ...(version ? { version } : {}) });
  }

  /** Applies a deletion the source reported explicitly (a watch DELETED event). */
  remove(kind: IndexObject["kind"], namespace: string, name: string): void {
    const k = key({ kind, namespace, name });
    const e = this.entries.get(k);
    if (!e) return;
    this.entries.delete(k);
    this.kindCounts.set(e.kind, (this.kindCounts.get(e.kind) ?? 1) - 1);
    this.index.remove(kind, this.name, namespace, name);
    this.writer.goneObject(this.sourceId, { kind, namespace, name });
  }

  private put(k: string, e: Entry): void {
    if (!this.entries.has(k)) this.kindCounts.set(e.kind, (this.kindCounts.get(e.kind) ?? 0) + 1);
    this.entries.set(k, e);
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
    kinds: IndexObject["kind"][],
    objects: { object: IndexObject; version?: Fingerprint }[],
    now = new Date(),
    unchangedKeys: string[] = [],
  ): HeldDeletion | undefined {
    const seen = new Set<string>(unchangedKeys);
    for (const { object: o, version } of objects) {
      seen.add(key(refOf(o)));
      this.upsert(o, version);
    }
    const kindSet = new Set<string>(kinds);
    const vanished = [...this.entries.entries()].filter(([k, e]) => kindSet.has(e.kind) && !seen.has(k)).map(([, e]) => e);
    const heldKey = kinds.join(",");
    if (vanished.length === 0) {
      this.held.delete(heldKey);
      return undefined;
    }
    const decision = decideDeletion(vanished, this.entries.size, this.policy, now, this.held.get(heldKey), this.confirmedAt);
    if (!decision.apply) {
      this.held.set(heldKey, decision.held);
      logger.warn("held a mass deletion", { source: this.name, count: decision.held.count, share: decision.held.share });
      return decision.held;
    }
    this.held.delete(heldKey);
    for (const e of vanished) this.remove(e.kind, e.namespace, e.name);
    if (decision.reason !== "small") logger.info("applied a held deletion", { source: this.name, count: vanished.length, reason: decision.reason });
    return undefined;
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
    return this.entries.size;
  }
}

function key(r: { kind: string; namespace: string; name: string }): string {
  return `${r.kind}\u0000${r.namespace}\u0000${r.name}`;
}

function hashOf(o: IndexObject): string {
  return crypto.createHash("sha1").update(JSON.stringify(o.obj)).digest("base64");
}
