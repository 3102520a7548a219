// The worker's /metrics: its process and Node.js metrics, list/watch and webhook series from the
// registry, the sync lease, the writer's queue, gateway poll cost, and the gauges derived from the
// database (sources, catalog size, change log, webhook backlog). Those are exported by the lease
// holder only, once for the whole installation, not by every web server or standby worker.
import type pg from "pg";
import { catalogMetricsText } from "./catalog-metrics";
import { processMetricsText } from "./process-metrics";
import { gaugeText, registryText } from "./registry";
import type { PollStats } from "../sync/gateway-sync";

type Queryable = Pick<pg.Pool, "query">;

/** What the worker metrics read from a running worker. */
export type WorkerView = {
  isLeader(): boolean;
  writer: { queued: number };
  sources: ReadonlyMap<string, object>;
};

/** Prometheus text of the worker's metrics. */
export async function workerMetricsText(worker: WorkerView, db: Queryable): Promise<string> {
  const leader = worker.isLeader();
  const polls = [...worker.sources]
    .map(([key, s]) => [key, (s as { stats?: PollStats }).stats] as const)
    .filter((e): e is readonly [string, PollStats] => e[0].startsWith("gateway/") && e[1] !== undefined)
    .map(([key, stats]) => [{ gateway: key.slice("gateway/".length) }, stats] as const);
  const parts = [
    processMetricsText(),
    registryText(),
    gaugeText("signpost_worker_leader", "1 while this worker holds the sync lease (it syncs and exports the catalog gauges), 0 on a standby.", [[{}, leader ? 1 : 0]]),
    gaugeText("signpost_writer_queue_depth", "Objects and APIs waiting to be written to the database.", [[{}, worker.writer.queued]]),
    "# HELP signpost_gateway_polls_total Gateway polls by result: changed (applied), unchanged (skipped by configuration_hash or fingerprint), failed.",
    "# TYPE signpost_gateway_polls_total counter",
    ...polls.flatMap(([l, s]) => [
      `signpost_gateway_polls_total{gateway="${l.gateway}",result="changed"} ${s.polls - s.unchanged - s.failures}`,
      `signpost_gateway_polls_total{gateway="${l.gateway}",result="unchanged"} ${s.unchanged}`,
      `signpost_gateway_polls_total{gateway="${l.gateway}",result="failed"} ${s.failures}`,
    ]),
    "# HELP signpost_gateway_poll_seconds_total Time spent polling each gateway.",
    "# TYPE signpost_gateway_poll_seconds_total counter",
    ...polls.map(([l, s]) => `signpost_gateway_poll_seconds_total{gateway="${l.gateway}"} ${s.seconds}`),
    "# HELP signpost_gateway_poll_cpu_seconds_total CPU time of the worker while it polled each gateway.",
    "# TYPE signpost_gateway_poll_cpu_seconds_total counter",
    ...polls.map(([l, s]) => `signpost_gateway_poll_cpu_seconds_total{gateway="${l.gateway}"} ${s.cpuSeconds}`),
    gaugeText("signpost_gateway_last_poll_seconds", "Duration of the last poll of each gateway.", polls.map(([l, s]) => [l, s.lastSeconds])),
    gaugeText("signpost_gateway_last_poll_cpu_seconds", "CPU time of the last poll of each gateway.", polls.map(([l, s]) => [l, s.lastCpuSeconds])),
  ];
  if (leader) {
    parts.push(await catalogMetricsText(db));
    const { rows } = await db.query<{ pending: number; oldest: number | null }>(
      `SELECT count(*)::int AS pending, extract(epoch FROM (now() AT TIME ZONE 'UTC') - min(created_at))::float AS oldest
       FROM webhook_deliveries WHERE status = 'pending'`,
    );
    parts.push(
      gaugeText("signpost_webhook_backlog", "Webhook deliveries waiting to be delivered or retried.", [[{}, rows[0].pending]]),
      gaugeText("signpost_webhook_backlog_oldest_seconds", "Age of the oldest waiting webhook delivery.", [[{}, rows[0].oldest ?? 0]]),
    );
  }
  return parts.join("\n") + "\n";
}
