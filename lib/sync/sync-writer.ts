// Batches what the sources report into short transactions: changed slim objects, then the API
// changes the catalog index derives from them. A failed write (database restarting) keeps
// everything queued and retries with backoff, so nothing is lost or written twice.
import type { SqlDb } from "../db/pool";
import type { CatalogIndex } from "../catalog/catalog-index";
import { logger } from "../log";
import { loadConfig } from "../env";
import { rescoreStale } from "../scorecards/rescore-stale";
import { backoffDelay } from "../client/backoff";
import type { ObjectRef, ObjectRow } from "./source-objects";
import { runFlushPass, type ApiEntry, type FlushStats, type PendingObject } from "./flush-pass";

export type { FlushStats } from "./flush-pass";

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
/** The longest background work (the prober's requests, a gateway poll's pages) waits for the writer to be idle: a stream of changes never starves it. */
export const WRITES_FIRST_MAX_MS = 1000;
/** Longest stretch of deriving before the event loop (and the lanes' next batches) get a turn. */
const DERIVE_SLICE_MS = 15;

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
  private readonly idleWaiters = new Set<() => void>();
  private readonly o: Required<SyncWriterOptions>;
  lastError?: string;

  constructor(
    private readonly db: SqlDb,
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
    this.running = this.doFlush().finally(() => {
      this.running = undefined;
      if (this.idle) for (const done of [...this.idleWaiters]) done();
    });
    await this.running;
  }

  /**
   * Resolves once nothing waits to be written (at the end of the flush that leaves the writer
   * idle), or after `maxMs` at the latest: background work (the prober) lets the catalog's own
   * changes be written first, and is never held up for longer than that by a stream of them.
   */
  whenIdle(maxMs: number): Promise<void> {
    if (this.idle || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.idleWaiters.add(done);
    });
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
    for (const done of [...this.idleWaiters]) done();
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
    const heldAtStart = this.holding();
    if (this.objects.size === 0 && this.apis.size === 0 && (heldAtStart || !this.index.pending)) {
      if (heldAtStart && this.index.pending) this.schedule();
      if (!heldAtStart && this.rescorePending) await this.rescore();
      return;
    }
    // The fences of its batches lock the lease row FOR KEY SHARE, which its renewal does not wait for (lease.ts).
    const { stats, lanes, holding, batchesSent, deriveMs, objectsDone } = await runFlushPass({
      objects: this.objects,
      apis: this.apis,
      index: this.index,
      holding: () => this.holding(),
      tx: (fn) => this.tx(fn),
      concurrency: this.o.concurrency,
      objectBatch: this.o.objectBatch,
      apiBatch: this.o.apiBatch,
      deriveStep: this.o.deriveStep,
      deriveSliceMs: this.o.deriveSliceMs,
    });
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
