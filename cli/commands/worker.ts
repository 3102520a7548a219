// `signpost worker`: the sync worker alone (production runs it as its own process, next to
// one or more web servers). Needs DATABASE_URL; standby replicas wait for the sync lease.
import { loadConfig } from "../../lib/env";
import { configureLogger, logger } from "../../lib/log";
import { createSqlDb } from "../../lib/db/pool";
import { migrate } from "../../lib/db/migrate";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { startWorker } from "../../lib/sync/worker";
import { CliError, EXIT } from "../fail";
import { describe } from "../../lib/runtime/connect-database";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { startWebhookDispatcher } from "../../lib/webhooks/start-webhook-dispatcher";
import { webhookSettings } from "../../lib/webhooks/webhook-settings";
import { retentionSettings, startRetention } from "../../lib/retention/start-retention";
import { contractFetchSettings, startContractFetcher } from "../../lib/contracts/fetch-annotated-contracts";
import { startWorkerMetrics } from "../../lib/runtime/worker-metrics";
import { startProber } from "../../lib/health/start-prober";
import { probeSettings } from "../../lib/health/probe-settings";

export async function run(): Promise<void> {
  const config = loadConfig();
  configureLogger({ level: config.SIGNPOST_LOG_LEVEL, ...(config.SIGNPOST_LOG_FORMAT ? { pretty: config.SIGNPOST_LOG_FORMAT === "pretty" } : {}) });
  if (!config.DATABASE_URL) throw new CliError("DATABASE_URL is not set (the worker needs the shared database)", EXIT.config);
  try {
    await migrate(config.DATABASE_URL);
  } catch (err) {
    throw new CliError(`DATABASE_URL: cannot migrate the database at ${describe(config.DATABASE_URL)}: ${(err as Error).message}`, EXIT.unavailable);
  }
  const clusters = loadClusters(config);
  if (clusters.length === 0 && config.gateways.length === 0) {
    throw new CliError("no cluster or gateway is configured (KUBECONFIG, in-cluster service account, SIGNPOST_KONG_ADMIN_URL)", EXIT.config);
  }
  const db = createSqlDb(config.DATABASE_URL, { max: 3, applicationName: "signpost-worker" });
  const worker = startWorker({
    db,
    clusters,
    gateways: gatewaySyncs(config, config.gateways),
    registrar: { gateways: config.gateways, clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN },
    reconcile: { gateways: config.gateways },
    // Health probes and Kong's upstream target health: the lease holder only.
    leaderTasks: [(holder, { writesFirst }) => startProber({ pool: db.pool, settings: probeSettings(config), holder, writesFirst })],
    clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN,
    deletion: { threshold: config.SIGNPOST_DELETE_THRESHOLD, minCount: 10, graceMs: config.SIGNPOST_DELETE_GRACE },
    timings: { resyncIntervalMs: config.SIGNPOST_RESYNC_INTERVAL, idleTimeoutMs: config.SIGNPOST_WATCH_IDLE_TIMEOUT },
  });
  // Webhook deliveries run in every replica (claims are leased), not only in the lease holder.
  const hooks = webhookSettings(config);
  const dispatcher = startWebhookDispatcher({ db, allow: hooks.allow, box: hooks.box, timeoutMs: hooks.timeoutMs, maxAgeMs: hooks.maxAgeMs, disableAfterMs: hooks.disableAfterMs });
  const retention = startRetention({ db, settings: retentionSettings(config) });
  const contracts = startContractFetcher({ pool: db.pool, settings: contractFetchSettings(config) });
  // The default port taken (several workers on one machine) costs the metrics, not the worker.
  const metrics = await startWorkerMetrics(config, worker, db, config.SIGNPOST_WORKER_METRICS_PORT ?? 9464).catch((err: Error) => {
    if (config.SIGNPOST_WORKER_METRICS_PORT !== undefined) throw new CliError(err.message, EXIT.config);
    logger.warn("worker metrics are off: the default port is taken; set SIGNPOST_WORKER_METRICS_PORT", { error: err.message });
    return null;
  });
  logger.info("worker started", { worker: worker.id, clusters: clusters.map((c) => c.name), metrics: metrics ? `http://${config.HOST}:${metrics.port}/metrics` : null });
  const stop = async () => {
    await metrics?.close();
    await dispatcher.stop();
    await retention.stop();
    await contracts.stop();
    await worker.stop();
    await db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  await new Promise(() => {});
}
