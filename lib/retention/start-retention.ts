// Runs the retention pruning in the worker process: a first pass a minute after start, then
// every `intervalMs`. A pass that fails (the database restarting) is logged and tried next time.
import type pg from "pg";
import type { Config } from "../env";
import { logger } from "../log";
import { pruneExpired, type PruneCounts, type RetentionSettings } from "./prune-expired";

export type Retention = {
  /** stops the timer and waits for a pass in progress (which stops after its current batch) */
  stop(): Promise<void>;
  /** runs a pass now (or waits for the one in progress) */
  runNow(): Promise<PruneCounts | null>;
};

/** The retention settings of a configuration. */
export function retentionSettings(config: Config): RetentionSettings {
  return {
    eventsMs: config.SIGNPOST_RETAIN_EVENTS,
    auditMs: config.SIGNPOST_RETAIN_AUDIT,
    deliveriesMs: config.SIGNPOST_RETAIN_DELIVERIES,
    goneMs: config.SIGNPOST_RETAIN_GONE,
  };
}

/** Starts pruning on a timer. */
export function startRetention(o: { db: { pool: pg.Pool }; settings: RetentionSettings; intervalMs?: number; firstDelayMs?: number; batch?: number }): Retention {
  const log = logger.child({ component: "retention" });
  const abort = new AbortController();
  let running: Promise<PruneCounts | null> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const pass = (): Promise<PruneCounts | null> => {
    running ??= pruneExpired(o.db.pool, o.settings, { batch: o.batch, signal: abort.signal, pause: () => new Promise((r) => setTimeout(r, 20)) })
      .then((counts) => {
        if (Object.values(counts).some((n) => n > 0)) log.info("pruned expired rows", counts);
        return counts;
      })
      .catch((err: Error) => {
        log.warn("retention pass failed; next time", { error: err.message });
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const schedule = (ms: number) => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => void pass().finally(() => schedule(o.intervalMs ?? 600_000)), ms);
    timer.unref?.();
  };
  schedule(o.firstDelayMs ?? 60_000);
  return {
    runNow: pass,
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
