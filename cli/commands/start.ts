// `signpost start`: everything a newcomer needs in one process tree. The database (embedded
// unless DATABASE_URL), the sandbox cluster (unless clusters are configured), the sync worker
// in this process, and the Next.js web server as a child process, or in this process too with
// --single-process (SIGNPOST_SINGLE_PROCESS=true): one Node.js process for a small install.
import fs from "node:fs";
import { loadConfig } from "../../lib/env";
import { configureLogger, logger } from "../../lib/log";
import { createSqlDb } from "../../lib/db/pool";
import { connectDatabase } from "../../lib/runtime/connect-database";
import { resolveSources } from "../../lib/runtime/resolve-sources";
import { assertPortFree } from "../../lib/runtime/check-port";
import { buildIsStale, buildWeb, localAddress, startWeb, startWebInProcess, waitHealthy } from "../../lib/runtime/web-process";
import { startWorker } from "../../lib/sync/worker";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { startWebhookDispatcher } from "../../lib/webhooks/start-webhook-dispatcher";
import { webhookSettings } from "../../lib/webhooks/webhook-settings";
import { retentionSettings, startRetention } from "../../lib/retention/start-retention";
import { contractFetchSettings, startContractFetcher } from "../../lib/contracts/fetch-annotated-contracts";
import { startWorkerMetrics } from "../../lib/runtime/worker-metrics";
import { startProber } from "../../lib/health/start-prober";
import { probeSettings } from "../../lib/health/probe-settings";

export async function run(args: string[]): Promise<void> {
  const unknown = args.filter((a) => a !== "--single-process");
  if (unknown.length) throw new Error(`signpost start takes no arguments but --single-process (got "${unknown.join(" ")}"); configure it with environment variables`);
  const config = loadConfig();
  const single = args.includes("--single-process") || config.SIGNPOST_SINGLE_PROCESS;
  configureLogger({ level: config.SIGNPOST_LOG_LEVEL, ...(config.SIGNPOST_LOG_FORMAT ? { pretty: config.SIGNPOST_LOG_FORMAT === "pretty" } : {}) });
  // Everything that can be checked is checked before anything starts.
  const configured = loadClusters(config);
  await assertPortFree(config.PORT, "PORT", config.HOST);
  fs.mkdirSync(config.dataDir, { recursive: true });

  const cleanups: (() => Promise<unknown>)[] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const c of cleanups.reverse()) await c().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    const database = await connectDatabase(config);
    cleanups.push(() => database.stop());
    const sources = await resolveSources(config, configured);
    cleanups.push(() => sources.stop());

    const db = createSqlDb(database.url, { max: 3, applicationName: "signpost-worker" });
    cleanups.push(() => db.close());
    const worker = startWorker({
      db,
      clusters: sources.clusters,
      gateways: gatewaySyncs(config, sources.gateways),
      registrar: { gateways: sources.gateways, clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN },
      reconcile: { gateways: sources.gateways },
      // Health probes and Kong's upstream target health: the lease holder only.
      leaderTasks: [(holder, { writesFirst }) => startProber({ pool: db.pool, settings: probeSettings(config, sources.gateways, sources.webEnv.SIGNPOST_TRY_ALLOW ?? config.SIGNPOST_TRY_ALLOW), holder, writesFirst })],
      clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN,
      deletion: { threshold: config.SIGNPOST_DELETE_THRESHOLD, minCount: 10, graceMs: config.SIGNPOST_DELETE_GRACE },
      timings: { resyncIntervalMs: config.SIGNPOST_RESYNC_INTERVAL, idleTimeoutMs: config.SIGNPOST_WATCH_IDLE_TIMEOUT },
    });
    cleanups.push(() => worker.stop());
    const hooks = webhookSettings(config);
    const dispatcher = startWebhookDispatcher({ db, allow: hooks.allow, box: hooks.box, timeoutMs: hooks.timeoutMs, maxAgeMs: hooks.maxAgeMs, disableAfterMs: hooks.disableAfterMs });
    cleanups.push(() => dispatcher.stop());
    const retention = startRetention({ db, settings: retentionSettings(config) });
    cleanups.push(() => retention.stop());
    const contracts = startContractFetcher({ pool: db.pool, settings: contractFetchSettings(config) });
    cleanups.push(() => contracts.stop());
    const metrics = await startWorkerMetrics(config, worker, db, config.SIGNPOST_WORKER_METRICS_PORT);
    if (metrics) cleanups.push(() => metrics.close());

    const env = {
      ...process.env,
      ...sources.webEnv,
      DATABASE_URL: database.url,
      PORT: String(config.PORT),
      NEXT_TELEMETRY_DISABLED: "1",
      // PGlite delivers no notifications between connections, and serves 8 connections in all.
      ...(database.embedded ? { SIGNPOST_DB_NOTIFICATIONS: "false" } : {}),
    };
    const build = config.SIGNPOST_BUILD_ON_START;
    if (build === "always" || (build === "auto" && buildIsStale())) {
      logger.info("building the web app (first start, or sources changed)");
      await buildWeb(env);
    }
    if (single) {
      const inProcess = await startWebInProcess(config.HOST, config.PORT, env);
      cleanups.push(() => inProcess.close());
    }
    const web = single ? null : startWeb(config.HOST, config.PORT, env);
    if (web) cleanups.push(async () => {
      // Next waits for open connections (event streams stay open): give it 5 s, then stop it.
      web.kill("SIGTERM");
      const exited = new Promise((r) => (web.exitCode !== null ? r(null) : web.once("exit", r)));
      const timer = setTimeout(() => web.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    });
    web?.on("exit", (code) => {
      if (!shuttingDown) {
        logger.error("the web server stopped", { code });
        void shutdown(1);
      }
    });
    await waitHealthy(config.HOST, config.PORT, web);
    process.stdout.write(
      `\nSignpost is serving http://${config.HOST === "127.0.0.1" ? "localhost" : localAddress(config.HOST)}:${config.PORT}` +
        `${config.HOST === "0.0.0.0" || config.HOST === "::" ? " (on every interface: HOST)" : ""}\n` +
        (sources.sandboxKubeconfig ? `  sandbox cluster: kubectl --kubeconfig ${sources.sandboxKubeconfig} get svc -A\n` : "") +
        (sources.sandboxGateway ? `  sandbox gateway: Kong Admin API at ${sources.sandboxGateway.url} (${config.SIGNPOST_SANDBOX_KONG_MODE === "dbless" ? "DB-less" : "database mode"})\n` : "") +
        (sources.sandboxGateway?.proxy
          ? `  sandbox proxy: curl -H 'Host: api.shop.example' ${sources.sandboxGateway.proxy.url}/users${sources.sandboxGateway.proxy.tlsUrl ? ` (TLS: ${sources.sandboxGateway.proxy.tlsUrl})` : ""}\n`
          : "") +
        (database.embedded ? `  embedded database: ${config.dataDir}/pgdata\n` : "") +
        `  stop with Ctrl+C\n\n`,
    );
  } catch (err) {
    // Stop what started, then let the command runner print the one line and exit.
    shuttingDown = true;
    for (const c of cleanups.reverse()) await c().catch(() => {});
    throw err;
  }
}
