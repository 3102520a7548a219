// One round of the prober: only the holder of the sync lease probes (a standby sends nothing);
// every API with a probe path is probed, at most `concurrency` at once, and the verdicts are
// stored in batches as they come (lib/health/record-probe.ts). A round stops at the first write
// that finds the lease gone.
import type pg from "pg";
import { holdsLease, SYNC_LEASE } from "../sync/lease";
import { LeaseLostError } from "../sync/sync-writer";
import { probeApi } from "./probe-api";
import type { ProbeSettings } from "./probe-settings";
import { loadProbeTargets } from "./probe-targets";
import { forgetUnprobed, recordProbes } from "./record-probe";

/** What a round did: APIs probed, answering, failing, state changes (events), health rows forgotten, verdicts not stored (and why). */
export type ProbeRound = { probed: number; answering: number; failing: number; changed: number; forgotten: number; unsaved: number; lastError?: string };

/** Runs `work` on every item, `concurrency` at a time; stops taking new items once `stop()` is true. */
export async function eachLimited<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && !stop()) await work(items[next++]);
  });
  await Promise.all(lanes);
}

/** Verdicts written together at most, and the longest a verdict waits for the others of its write. */
const VERDICT_BATCH = 100;
const VERDICT_WAIT_MS = 1000;

/**
 * Probes every API with a probe path once; null when `holder` does not hold the sync lease (nothing
 * was probed). Verdicts are written in batches (VERDICT_BATCH, or after VERDICT_WAIT_MS): each
 * write moves the catalog version once, not once per probed API.
 */
export async function runProbeRound(pool: pg.Pool, s: ProbeSettings, holder: string): Promise<ProbeRound | null> {
  if (!(await holdsLease(pool, SYNC_LEASE, holder))) return null;
  const targets = await loadProbeTargets(pool);
  const o = { pool, holder };
  const round: ProbeRound = { probed: 0, answering: 0, failing: 0, changed: 0, forgotten: await forgetUnprobed(o, targets.map((t) => t.id)), unsaved: 0 };
  let lost: LeaseLostError | undefined;
  let pending: Parameters<typeof recordProbes>[1] = [];
  let lastWrite = Date.now();
  let writing = Promise.resolve();
  // one write at a time, in the order the verdicts came
  const write = () => {
    const batch = pending;
    pending = [];
    lastWrite = Date.now();
    writing = writing.then(async () => {
      if (lost) return void (round.unsaved += batch.length);
      try {
        round.changed += await recordProbes(o, batch);
      } catch (err) {
        if (err instanceof LeaseLostError) lost = err;
        // a database error costs these verdicts; the next round probes again
        round.unsaved += batch.length;
        round.lastError = (err as Error).message;
      }
    });
    return writing;
  };
  await eachLimited(
    targets,
    s.concurrency,
    async (api) => {
      const outcome = await probeApi(api, s);
      round.probed++;
      round[outcome.state]++;
      pending.push({ api, outcome });
      if (pending.length >= VERDICT_BATCH || Date.now() - lastWrite >= VERDICT_WAIT_MS) await write();
    },
    () => lost !== undefined,
  );
  if (pending.length) await write();
  await writing;
  if (lost) throw lost;
  return round;
}
