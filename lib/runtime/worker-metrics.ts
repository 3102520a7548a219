// Starts the worker's metrics endpoint (lib/runtime/worker-metrics-server.ts) for a running worker.
import type { Config } from "../env";
import type { SqlDb } from "../db/pool";
import type { Worker } from "../sync/worker";
import { workerMetricsText } from "../metrics/worker-metrics";
import { startProcessMetrics } from "../metrics/process-metrics";
import { startWorkerMetricsServer, type WorkerMetricsServer } from "./worker-metrics-server";

/** Serves the worker's /metrics on `port` (undefined: not at all); a port in use fails naming the setting. */
export async function startWorkerMetrics(config: Config, worker: Worker, db: SqlDb, port: number | undefined): Promise<WorkerMetricsServer | null> {
  if (port === undefined) return null;
  startProcessMetrics();
  try {
    return await startWorkerMetricsServer({
      host: config.HOST,
      port,
      metrics: () => workerMetricsText(worker, db.pool),
      health: () => ({ worker: worker.id, leader: worker.isLeader() }),
    });
  } catch (err) {
    throw new Error(`SIGNPOST_WORKER_METRICS_PORT: cannot listen on ${config.HOST}:${port}: ${(err as Error).message}`);
  }
}
