// The prober: while this worker holds the sync lease (the worker starts it when it takes the
// lease and stops it when it loses it), every SIGNPOST_PROBE_INTERVAL it probes the APIs with a
// probe path and reads Kong's target health of the upstreams behind gateway routes. A round
// starts an interval after the previous one ended, so a slow round never overlaps the next.
import type pg from "pg";
import { logger } from "../log";
import { LeaseLostError } from "../sync/sync-writer";
import { pollUpstreamHealth, type UpstreamListings, type UpstreamRound } from "./poll-upstream-health";
import type { ProbeSettings } from "./probe-settings";
import { runProbeRound, type ProbeRound } from "./run-probe-round";
import { burstCollector } from "../util/collect-after-bursts";

export type Prober = {
  /** runs a round now (or waits for the one in progress); null parts: not the lease holder */
  runNow(): Promise<{ probes: ProbeRound | null; upstreams: UpstreamRound | null } | null>;
  /** stops the timer and waits for a round in progress */
  stop(): Promise<void>;
};

/** Starts probing as `holder` (the worker's id, checked against the sync lease before every round and write). */
export function startProber(o: { pool: pg.Pool; settings: ProbeSettings; holder: string; writesFirst?: () => Promise<void> }): Prober {
  const log = logger.child({ component: "prober" });
  let running: ReturnType<Prober["runNow"]> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // each gateway's upstreams as a round listed them, used by the next rounds (poll-upstream-health.ts)
  const listings: UpstreamListings = new Map();
  // A listing parses every upstream of the gateway (10k at 10k APIs, 11 MB): the heap grown for it
  // is given back once the worker is quiet, as after a changed gateway poll (collect-after-bursts.ts).
  const onListed = (upstreams: number) => burstCollector().note(upstreams, { growHeap: false });
  const guard = <T>(what: string, p: Promise<T>) =>
    p.catch((err: Error) => {
      if (err instanceof LeaseLostError) log.info(`${what} stopped: this worker no longer holds the sync lease`);
      else log.warn(`${what} failed; next round`, { error: err.message });
      return null;
    });
  const round = () => {
    const started = Date.now();
    const cpu = process.cpuUsage();
    running ??= Promise.all([guard("probe round", runProbeRound(o.pool, o.settings, o.holder)), guard("upstream health round", pollUpstreamHealth(o.pool, o.settings, o.holder, { listings, writesFirst: o.writesFirst, onListed }))])
      .then(([probes, upstreams]) => {
        if (probes?.changed) log.info("API health changed", { ...probes });
        if (probes?.unsaved) log.warn("probe verdicts not stored", { unsaved: probes.unsaved, error: probes.lastError });
        const used = process.cpuUsage(cpu);
        log.debug("prober round", { startedAt: new Date(started).toISOString(), ms: Date.now() - started, processCpuMs: Math.round((used.user + used.system) / 1000), probes: probes?.probed ?? null, upstreams: upstreams?.upstreams ?? null });
        return { probes, upstreams };
      })
      .finally(() => (running = null));
    return running;
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void round().finally(() => schedule(o.settings.intervalMs)), ms);
    timer.unref?.();
  };
  schedule(0);
  return {
    runNow: round,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
