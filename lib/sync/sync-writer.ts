// Batches what the sources report into short transactions: changed slim objects, then the API
// changes the catalog index derives from them. A failed write (database restarting) keeps
// everything queued and retries with backoff, so nothing is lost or written twice.
import type { Db } from "../db/client";
import type { ApiSummary, CatalogIndex } from "../catalog/catalog-index";
import { saveApiChanges, type ApiChangeSummary } from "../catalog/save-api-changes";
import type { DerivedApi } from "../catalog/types";
import { logger } from "../log";
import { loadConfig } from "../env";
import { rescoreStale } from "../scorecards/rescore-stale";
import { backoffDelay } from "../client/backoff";
import { TimeSlicer } from "../util/time-slicer";
import { Lanes } from "../util/each-concurrently";
import { markObjectsGone, saveObjects, type ObjectRef, type ObjectRow } from "./source-objects";

type PendingObject = { row: ObjectRow } | { gone: ObjectRef };

export type FlushStats = ApiChangeSummary & { objects: number; ms: number };

export type SyncWriterOptions = {
  /** delay between a change and its write, to batch bursts */
  intervalMs?: number;
  objectBatch?: number;
  apiBatch?: number;
  /** write transactions at once (each on its own connection) */
  concurrency?: number;
  /** while true, objects are written but APIs not derived (a first sync shows complete APIs) */
  holdApis?: () => boolean;
  /** runs first in every write transaction; throws LeaseLostError when this writer may no longer write */
  fence?: (client: import("pg").PoolClient) => Promise<void>;
  /** called once when the fence refused a write */
  onFenced?: () => void;
  /** families derived between two looks at the clock */
  deriveStep?: number;
  /** longest stretch of deriving before the event loop (and the next batches) get a turn */
  deriveSliceMs?: number;
};

/** Families derived between two looks at the clock (about 15 ms of work at 140 µs each). */
const DERIVE_STEP = 100;
/** Longest stretch of deriving before the event loop (and the lanes' next batches) get a turn. */
const DERIVE_SLICE_MS = 15;

type ApiEntry = { api: DerivedApi; removed: false } | { api: ApiSummary; removed: true };

/** The worker no longer holds the sync lease: its writes are refused. */
export class LeaseLostError extends Error {
  constructor(worker: string) {
    super(`worker ${worker} no longer holds the sync lease`);
    this.name = "LeaseLostError";
  }
}

/** One per worker: the only writer of source_objects, apis, exposures and sync change events. */
export class SyncWriter {
  private readonly objects = new Map<string, Map<string, PendingObject>>();
  private readonly apis = new Map<string, ApiEntry>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failures = 0;
  private writtenSinceAnalyze = 0;
  private stopped = false;
  /** stored scorecards may be missing or made under another configuration: rescore at the next flush */
  private rescorePending = false;
  /** holdDerivation() calls not yet released */
  private holds = 0;
  private readonly listeners: ((s: FlushStats) => void)[] = [];
  private readonly o: Required<SyncWriterOptions>;
  lastError?: string;

  constructor(
    private readonly db: Db,
    private readonly index: CatalogIndex,
    opts: SyncWriterOptions = {},
  ) {
    this.o = { intervalMs: 20, objectBatch: 2000, apiBatch: 500, concurrency: 2, deriveStep: DERIVE_STEP, deriveSliceMs: DERIVE_SLICE_MS, holdApis: () => false, fence: async () => {}, onFenced: () => {}, ...opts };
  }

  /** Queues an object upsert of a source. */
  putObject(sourceId: string, row: ObjectRow): void {
    this.sourceQueue(sourceId).set(refKey(row), { row });
    this.schedule();
  }

  /** Objects and APIs waiting to be written (the writer's queue depth). */
  get queued(): number {
    let n = this.apis.size;
    for (const q of this.objects.values()) n += q.size;
    return n;
  }

  /** Queues an object's disappearance. */
  goneObject(sourceId: string, ref: ObjectRef): void {
    this.sourceQueue(sourceId).set(refKey(ref), { gone: ref });
    this.schedule();
  }

  /** Asks for a flush soon (after index changes that wrote no objects). */
  schedule(): void {
    if (this.stopped || this.timer) return;
    const delay = this.failures ? backoffDelay(this.failures, { initialMs: 250, maxMs: 10_000 }) : this.o.intervalMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  /** Runs a flush now (waits for one in progress first). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.doFlush().finally(() => (this.running = undefined));
    await this.running;
  }

  /** Asks the next flush to rescore live APIs whose scorecards are missing or stale (a new term). */
  rescoreScorecards(): void {
    this.rescorePending = true;
    this.schedule();
  }

  /** Called after every successful flush. */
  onFlush(cb: (s: FlushStats) => void): void {
    this.listeners.push(cb);
  }

  /** True when nothing waits to be written. */
  get idle(): boolean {
    return this.objects.size === 0 && this.apis.size === 0 && this.index.pending === 0 && !this.running && !this.holding() && !this.rescorePending;
  }

  /**
   * Derives no API until the returned function is called (objects are still written): for a
   * source applying a complete list over several turns of the event loop (SourceTracker.snapshotSliced).
   */
  holdDerivation(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.schedule();
    };
  }

  private holding(): boolean {
    return this.holds > 0 || this.o.holdApis();
  }

  /** Drops everything queued and stops: the writer lost its lease, and the next leader relists. */
  discard(): void {
    this.rescorePending = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
    this.objects.clear();
    this.apis.clear();
  }

  /** Flushes what is queued and stops scheduling. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => {});
    this.stopped = true;
  }

  private sourceQueue(sourceId: string): Map<string, PendingObject> {
    let q = this.objects.get(sourceId);
    if (!q) {
      q = new Map();
      this.objects.set(sourceId, q);
    }
    return q;
  }

  private async doFlush(): Promise<void> {
    const started = Date.now();
    let holding = this.holding();
    let deriving = !holding;
    let deriveMs = 0;
    let objectsDone = started;
    if (this.objects.size === 0 && this.apis.size === 0 && (holding || !this.index.pending)) {
      if (holding && this.index.pending) this.schedule();
      if (!holding && this.rescorePending) await this.rescore();
      return;
    }

    const stats: FlushStats = { written: 0, created: 0, updated: 0, gone: 0, restored: 0, events: 0, objects: 0, ms: 0 };
    // Batches go out on `concurrency` connections at once, and APIs are derived meanwhile: while
    // PostgreSQL writes objects and the first APIs, this process derives the next (a first sync
    // at 10k APIs derives for 1.4 s and writes 20 batches of 500 APIs for 2 s: one after the
    // other they took the sum). APIs are written once every object of the flush is. Their fences
    // lock the lease row FOR KEY SHARE, which its renewal does not wait for (lease.ts).
    const lanes = new Lanes(this.o.concurrency);
    const objectBatches = [...this.objects].flatMap(([sourceId, queue]) => {
      const entries = [...queue];
      return Array.from({ length: Math.ceil(entries.length / this.o.objectBatch) }, (_, b) => ({ sourceId, queue, chunk: entries.slice(b * this.o.objectBatch, (b + 1) * this.o.objectBatch) }));
    });
    let objectBatchesLeft = objectBatches.length;
    let batchesSent = objectBatches.length;
    const writeObjects = async ({ sourceId, queue, chunk }: (typeof objectBatches)[number]) => {
      await this.tx(async (client) => {
        await saveObjects(client, sourceId, chunk.flatMap(([, p]) => ("row" in p ? [p.row] : [])));
        await markObjectsGone(client, sourceId, chunk.flatMap(([, p]) => ("gone" in p ? [p.gone] : [])));
      });
      // Only what was written leaves the queue; a newer change for the same key stays queued.
      for (const [k, p] of chunk) if (queue.get(k) === p) queue.delete(k);
      stats.objects += chunk.length;
      if (queue.size === 0 && this.objects.get(sourceId) === queue) this.objects.delete(sourceId);
      if (--objectBatchesLeft === 0) objectsDone = Date.now();
    };
    // keys derived and not yet sent; a key being written is not sent again until that write ends
    // (a second transaction could otherwise take its row lock first and be written over)
    const unsent = new Set(this.apis.keys());
    const writing = new Set<string>();
    const takeApis = (min: number) => {
      const chunk: [string, ApiEntry][] = [];
      for (const k of unsent) {
        if (writing.has(k)) continue;
        chunk.push([k, this.apis.get(k)!]);
        if (chunk.length === this.o.apiBatch) break;
      }
      if (chunk.length === 0 || chunk.length < min) return null;
      for (const [k] of chunk) {
        unsent.delete(k);
        writing.add(k);
      }
      return chunk;
    };
    const writeApis = async (chunk: [string, ApiEntry][]) => {
      try {
        const s = await this.tx((client) =>
          saveApiChanges(
            client,
            chunk.flatMap(([, v]) => (v.removed ? [] : [v.api])),
            chunk.flatMap(([, v]) => (v.removed ? [v.api] : [])),
          ),
        );
        for (const [k, v] of chunk) if (this.apis.get(k) === v) this.apis.delete(k);
        for (const key of Object.keys(s) as (keyof ApiChangeSummary)[]) stats[key] += s[key];
      } finally {
        for (const [k] of chunk) writing.delete(k);
      }
    };
    // In slices, with the event loop let through between them: deriving 100k APIs at once kept
    // the worker from renewing its lease (8 s) for longer than that. A source that starts applying
    // a list meanwhile holds the rest (its families are derived once it is applied). Short slices:
    // a lane whose batch was written waits for the next pass to get another.
    const slicer = new TimeSlicer(this.o.deriveSliceMs);
    try {
      for (;;) {
        let started_ = false;
        while (lanes.free) {
          if (objectBatches.length) {
            const batch = objectBatches.shift()!;
            lanes.start(() => writeObjects(batch));
          } else {
            const chunk = objectBatchesLeft === 0 ? takeApis(deriving ? this.o.apiBatch : 1) : null;
            if (!chunk) break;
            lanes.start(() => writeApis(chunk));
            batchesSent++;
          }
          started_ = true;
        }
        if (deriving && !lanes.failed) {
          if (this.index.pending && !(holding = this.holding())) {
            const derived = this.index.flush(this.o.deriveStep);
            for (const api of derived.upserted) this.apis.set(api.key, { api, removed: false });
            for (const api of derived.removed) this.apis.set(api.key, { api, removed: true });
            for (const api of derived.upserted) unsent.add(api.key);
            for (const api of derived.removed) unsent.add(api.key);
            await slicer.maybePass();
          } else {
            deriving = false;
            deriveMs = Date.now() - started;
          }
          continue;
        }
        if (lanes.idle && !started_) break;
        await lanes.oneEnds();
      }
    } finally {
      await lanes.drain().catch(() => {});
    }
    if (!lanes.failed && stats.objects === 0 && batchesSent === 0) {
      // derivation changed no API: nothing was written
      if (holding && this.index.pending) this.schedule();
      if (!holding && this.rescorePending) await this.rescore();
      return;
    }
    try {
      await lanes.drain();
      const apisDone = Date.now();
      if (!holding && this.rescorePending) await this.rescore();
      this.failures = 0;
      this.lastError = undefined;
      // After bulk writes: fresh statistics (with stale ones Postgres sorts the whole catalog for
      // a page of 50), and the search index's pending entries merged (a search scans that list
      // linearly: 8 ms instead of 1 ms at 10k APIs) without waiting for autovacuum.
      this.writtenSinceAnalyze += stats.objects + stats.written;
      if (this.writtenSinceAnalyze >= 2000) {
        this.writtenSinceAnalyze = 0;
        await this.db.pool
          .query("ANALYZE apis, api_docs; SELECT gin_clean_pending_list('apis_search_text_trgm_idx')")
          .catch((err: Error) => logger.debug("analyze failed", { error: err.message }));
      }
      stats.ms = Date.now() - started;
      logger.debug("sync writer flushed", { ...stats, holding, deriveMs, apisMs: apisDone - objectsDone, objectsMs: objectsDone - started });
      for (const l of this.listeners) l(stats);
    } catch (err) {
      if (err instanceof LeaseLostError) {
        logger.warn("sync write refused: the lease is held by another worker", { error: err.message });
        this.discard();
        this.o.onFenced();
        return;
      }
      this.failures++;
      this.lastError = (err as Error).message;
      logger.warn("sync write failed; will retry", { error: this.lastError, attempt: this.failures });
    } finally {
      if (!this.stopped && (this.objects.size || this.apis.size || this.index.pending)) this.schedule();
    }
  }

  /** Rescores stale scorecards in batches, serialised with the writes (a flush runs one at a time). */
  private async rescore(): Promise<void> {
    const config = loadConfig().scorecards;
    try {
      while ((await this.tx((client) => rescoreStale(client, config))) > 0 && !this.stopped);
      this.rescorePending = false;
    } catch (err) {
      if (err instanceof LeaseLostError) {
        this.discard();
        this.o.onFenced();
        return;
      }
      logger.warn("rescoring scorecards failed; will retry", { error: (err as Error).message });
    }
  }

  private async tx<T>(fn: (client: import("pg").PoolClient) => Promise<T>): Promise<T> {
    const client = await this.db.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      await this.o.fence(client);
      const r = await fn(client);
      await client.query("COMMIT");
      return r;
    } catch (err) {
      await client.query("ROLLBACK").catch((e: Error) => (broken = e));
      throw err;
    } finally {
      // A connection that cannot even roll back is dropped from the pool.
      client.release(broken);
    }
  }
}

function refKey(r: { kind: string; namespace: string; name: string }): string {
  return `${r.kind}\u0000${r.namespace}\u0000${r.name}`;
}
