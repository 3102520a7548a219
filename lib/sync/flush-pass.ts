// One pass of the sync writer's flush (sync-writer.ts): the queued objects in batches, then the
// API changes the catalog index derives, written in batches while the next APIs are derived.
// Batches go out on `concurrency` connections at once: while PostgreSQL writes objects and the
// first APIs, this process derives the next (a first sync at 10k APIs derives for 1.4 s and writes
// 20 batches of 500 APIs for 2 s: one after the other they took the sum). APIs are written once
// every object of the flush is. What a batch wrote leaves the queues; a failed batch leaves its
// entries queued for the next flush.
import type pg from "pg";
import type { ApiSummary, CatalogIndex } from "../catalog/catalog-index";
import { saveApiChanges, type ApiChangeSummary } from "../catalog/save-api-changes";
import type { DerivedApi } from "../catalog/types";
import { TimeSlicer } from "../util/time-slicer";
import { Lanes } from "../util/each-concurrently";
import { markObjectsGone, saveObjects, type ObjectRef, type ObjectRow } from "./source-objects";

export type PendingObject = { row: ObjectRow } | { gone: ObjectRef };
export type ApiEntry = { api: DerivedApi; removed: false } | { api: ApiSummary; removed: true };
export type FlushStats = ApiChangeSummary & { objects: number; ms: number };

export type FlushPassInput = {
  /** queued objects per source; written entries are removed */
  objects: Map<string, Map<string, PendingObject>>;
  /** queued API changes by key; derived ones are added, written ones removed */
  apis: Map<string, ApiEntry>;
  index: CatalogIndex;
  /** whether derivation is held now (asked before each derivation step) */
  holding: () => boolean;
  /** runs `fn` in a fenced write transaction */
  tx: <T>(fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;
  concurrency: number;
  objectBatch: number;
  apiBatch: number;
  /** families derived between two looks at the clock */
  deriveStep: number;
  /** longest stretch of deriving before the event loop (and the next batches) get a turn */
  deriveSliceMs: number;
};

export type FlushPass = {
  stats: FlushStats;
  /** the lanes the batches ran on: drain() rethrows a batch's failure */
  lanes: Lanes;
  /** whether derivation was held when the pass stopped deriving */
  holding: boolean;
  /** batches started (objects and APIs) */
  batchesSent: number;
  deriveMs: number;
  /** when the last object batch was written (the pass's start when it had none) */
  objectsDone: number;
};

/** Writes what is queued and what the index derives meanwhile; returns once every batch ended. */
export async function runFlushPass(q: FlushPassInput): Promise<FlushPass> {
  const started = Date.now();
  let holding = q.holding();
  let deriving = !holding;
  let deriveMs = 0;
  let objectsDone = started;
  const stats: FlushStats = { written: 0, created: 0, updated: 0, gone: 0, restored: 0, events: 0, objects: 0, ms: 0 };
  const lanes = new Lanes(q.concurrency);
  const objectBatches = [...q.objects].flatMap(([sourceId, queue]) => {
    const entries = [...queue];
    return Array.from({ length: Math.ceil(entries.length / q.objectBatch) }, (_, b) => ({ sourceId, queue, chunk: entries.slice(b * q.objectBatch, (b + 1) * q.objectBatch) }));
  });
  let objectBatchesLeft = objectBatches.length;
  let batchesSent = objectBatches.length;
  const writeObjects = async ({ sourceId, queue, chunk }: (typeof objectBatches)[number]) => {
    await q.tx(async (client) => {
      await saveObjects(client, sourceId, chunk.flatMap(([, p]) => ("row" in p ? [p.row] : [])));
      await markObjectsGone(client, sourceId, chunk.flatMap(([, p]) => ("gone" in p ? [p.gone] : [])));
    });
    // Only what was written leaves the queue; a newer change for the same key stays queued.
    for (const [k, p] of chunk) if (queue.get(k) === p) queue.delete(k);
    stats.objects += chunk.length;
    if (queue.size === 0 && q.objects.get(sourceId) === queue) q.objects.delete(sourceId);
    if (--objectBatchesLeft === 0) objectsDone = Date.now();
  };
  // keys derived and not yet sent; a key being written is not sent again until that write ends
  // (a second transaction could otherwise take its row lock first and be written over)
  const unsent = new Set(q.apis.keys());
  const writing = new Set<string>();
  const takeApis = (min: number) => {
    const chunk: [string, ApiEntry][] = [];
    for (const k of unsent) {
      if (writing.has(k)) continue;
      chunk.push([k, q.apis.get(k)!]);
      if (chunk.length === q.apiBatch) break;
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
      const s = await q.tx((client) =>
        saveApiChanges(
          client,
          chunk.flatMap(([, v]) => (v.removed ? [] : [v.api])),
          chunk.flatMap(([, v]) => (v.removed ? [v.api] : [])),
        ),
      );
      for (const [k, v] of chunk) if (q.apis.get(k) === v) q.apis.delete(k);
      for (const key of Object.keys(s) as (keyof ApiChangeSummary)[]) stats[key] += s[key];
    } finally {
      for (const [k] of chunk) writing.delete(k);
    }
  };
  // In slices, with the event loop let through between them: deriving 100k APIs at once kept
  // the worker from renewing its lease (8 s) for longer than that. A source that starts applying
  // a list meanwhile holds the rest (its families are derived once it is applied). Short slices:
  // a lane whose batch was written waits for the next pass to get another.
  const slicer = new TimeSlicer(q.deriveSliceMs);
  try {
    for (;;) {
      let startedOne = false;
      while (lanes.free) {
        if (objectBatches.length) {
          const batch = objectBatches.shift()!;
          lanes.start(() => writeObjects(batch));
        } else {
          const chunk = objectBatchesLeft === 0 ? takeApis(deriving ? q.apiBatch : 1) : null;
          if (!chunk) break;
          lanes.start(() => writeApis(chunk));
          batchesSent++;
        }
        startedOne = true;
      }
      if (deriving && !lanes.failed) {
        if (q.index.pending && !(holding = q.holding())) {
          const derived = q.index.flush(q.deriveStep);
          for (const api of derived.upserted) q.apis.set(api.key, { api, removed: false });
          for (const api of derived.removed) q.apis.set(api.key, { api, removed: true });
          for (const api of derived.upserted) unsent.add(api.key);
          for (const api of derived.removed) unsent.add(api.key);
          await slicer.maybePass();
        } else {
          deriving = false;
          deriveMs = Date.now() - started;
        }
        continue;
      }
      if (lanes.idle && !startedOne) break;
      await lanes.oneEnds();
    }
  } finally {
    await lanes.drain().catch(() => {});
  }
  return { stats, lanes, holding, batchesSent, deriveMs, objectsDone };
}
