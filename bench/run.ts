// npm run bench [-- --size 10000] [--json FILE] [--db pg|pglite] [--peer backstage] [--markdown FILE] [--single-process]
// Fills the sandbox cluster and gateway with N microservices, then measures on this machine:
// initial sync (time, objects/s), worker and web memory, event-to-visible latency under load,
// REST list/search/resolve latency with concurrency, the catalog page, the register round trip,
// and the CPU time of the worker's gateway polls. The worker (compiled, dist/) and the web server
// run as their own processes, as in production. With --peer backstage, Backstage's catalog
// backend is then measured the same way in the same run (bench/peer-backstage.ts), and the
// ratios Signpost / Backstage are reported. With --single-process, Signpost runs as
// `signpost start --single-process` does (worker and web server in one process, the worker's flags).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { startSandboxCluster } from "../lib/sandbox/kube";
import { startSandboxGateway } from "../lib/sandbox/kong";
import { startSandboxIngressController } from "../lib/sandbox/kic";
import { startEmbeddedDb } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { fillCluster } from "./fill";
import { MiB, processMemory, round, until } from "./measure";
import { bytesWritten, cpuSeconds, cpuSecondsOf } from "./process-tree";
import { markdownTable, printReport } from "./report";
import { pollCost, syncCollected, webHeapStats } from "./scrape-metrics";
import { restingMemory, REST_SECONDS } from "./resting-memory";
import { measureRegistrations } from "./registrations";
import { freePort } from "../lib/runtime/check-port";
import { runBackstagePeer, type PeerReport } from "./peer-backstage";
import { eventClient, latencyClient } from "./clients";
// @ts-expect-error: plain JavaScript module without types
import { distIsCurrent } from "../bin/dist-current.mjs";
import { withMallocArenas, WORKER_MALLOC_ENV } from "../lib/runtime/malloc-arenas";
import { WEB_NODE_FLAGS } from "../lib/runtime/web-process";

const { values } = parseArgs({
  options: { size: { type: "string", default: "10000" }, json: { type: "string" }, db: { type: "string" }, changes: { type: "string", default: "200" }, peer: { type: "string" }, markdown: { type: "string" }, "single-process": { type: "boolean", default: false }, "sync-only": { type: "boolean", default: false } },
});
if (values.peer && values.peer !== "backstage") throw new Error(`--peer: only "backstage" is known (got "${values.peer}")`);
const N = Number(values.size);
const SINGLE = values["single-process"]!;
const ROOT = path.resolve(import.meta.dirname, "..");
const ADMIN = "bench-admin-token-0123456789";
const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
/** Node flags of the worker: the Dockerfile's worker target (keep in step); BENCH_WORKER_NODE_FLAGS overrides. */
const WORKER_NODE_FLAGS = (process.env.BENCH_WORKER_NODE_FLAGS ?? "--max-semi-space-size=8").split(" ").filter(Boolean);
/** Node flags of the web server: those `signpost start` and the web image use; BENCH_WEB_NODE_FLAGS overrides. */
const WEB_FLAGS = process.env.BENCH_WEB_NODE_FLAGS !== undefined ? process.env.BENCH_WEB_NODE_FLAGS.split(" ").filter(Boolean) : WEB_NODE_FLAGS;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
/** Seconds of CPU in a process.cpuUsage() difference. */
const cpuOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
/** The worker image's malloc settings (lib/runtime/malloc-arenas.ts); this environment's own win. */
const WORKER_MALLOC = Object.fromEntries(Object.entries(WORKER_MALLOC_ENV).map(([k, v]) => [k, process.env[k] ?? v]));

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  // Two malloc arenas, as both images set them (lib/runtime/malloc-arenas.ts).
  const child = spawn(process.execPath, args, { cwd: ROOT, env: withMallocArenas({ ...process.env, ...env }), stdio: ["ignore", process.env.BENCH_LOG_LEVEL ? "pipe" : "ignore", "pipe"] });
  child.stderr!.on("data", (d) => process.stderr.write(`  | ${d}`));
  // BENCH_LOG_LEVEL (e.g. debug) shows the processes' own logs, which go to standard output.
  child.stdout?.on("data", (d) => process.stderr.write(`  | ${d}`));
  children.push(child);
  return child;
}

async function database(): Promise<{ url: string; kind: string }> {
  const wanted = values.db ?? "pg";
  if (wanted === "pg") {
    const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    const name = `signpost_bench_${Date.now()}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    const version = (await c.query("SHOW server_version")).rows[0].server_version;
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    cleanups.push(async () => {
      if (process.env.BENCH_KEEP_DB) return log(`kept the database ${name}`);
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    });
    return { url: u.toString(), kind: `PostgreSQL ${version}` };
  }
  const e = await startEmbeddedDb(undefined, 0);
  cleanups.push(() => e.stop());
  return { url: e.url, kind: "PGlite (in the bench process)" };
}

async function main() {
  const t0 = Date.now();
  // The worker runs the compiled JavaScript, as in production.
  if (!(distIsCurrent as (root: string, env: Record<string, string>) => boolean)(ROOT, {})) {
    log("compiling dist/ ...");
    const r = spawn(process.execPath, ["scripts/compile.mjs"], { cwd: ROOT, stdio: "inherit" });
    if ((await new Promise<number | null>((res) => r.once("exit", res))) !== 0) throw new Error("scripts/compile.mjs failed");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-bench-"));
  const cluster = await startSandboxCluster({ port: 0, name: "bench", historyLimit: 5000 });
  const gateway = await startSandboxGateway({ port: 0 });
  cleanups.push(() => cluster.stop(), () => gateway.stop());
  cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "bench" });
  const db = await database();
  await migrate(db.url);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  cleanups.push(() => pool.end());

  const env = {
    DATABASE_URL: db.url,
    KUBECONFIG: path.join(dir, "kubeconfig"),
    SIGNPOST_IN_CLUSTER: "false",
    SIGNPOST_KONG_NAME: "bench-gw",
    SIGNPOST_KONG_ADMIN_URL: gateway.url,
    SIGNPOST_KONG_PROXY_URL: "http://gateway.example.com",
    SIGNPOST_ADMIN_TOKEN: ADMIN,
    SIGNPOST_DATA_DIR: dir,
    SIGNPOST_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    SIGNPOST_SANDBOX: "off",
    // The benchmark measures the server, not its per-caller request budgets (every client here is
    // one address and one token).
    SIGNPOST_RATE_LIMIT_READ: "0",
    SIGNPOST_RATE_LIMIT_WRITE: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  const metricsPort = await freePort();

  // The worker's own footprint (code, clients, pools), synced with the near-empty sandbox: the
  // memory per synced object is what the filled sync adds to it.
  log("measuring an idle worker ...");
  const idle = spawnNode([...WORKER_NODE_FLAGS, "bin/signpost.mjs", "worker"], { ...env, ...WORKER_MALLOC, SIGNPOST_WORKER_METRICS_PORT: String(await freePort()) });
  await until(async () => (await pool.query("SELECT count(*)::int AS n FROM sources WHERE state = 'live'")).rows[0].n, (n) => n >= 2, 60_000, 200);
  await new Promise((r) => setTimeout(r, 5000));
  const workerBaseline = processMemory(idle.pid!).rss;
  idle.kill("SIGTERM");
  await new Promise((r) => (idle.exitCode !== null ? r(null) : idle.once("exit", r)));

  log(`filling the sandbox with ${N} microservices ...`);
  const filled = fillCluster(cluster, N);
  const kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 1e9 });
  const kicReport = kic.sync();
  kic.stop();
  const kongServices = gateway.store.list("services").length;
  const kongRoutes = gateway.store.list("routes").length;
  log(`filled in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(filled)}, kong ${kongServices} services / ${kongRoutes} routes (${kicReport.errors.length} errors)`);
  const objects = filled.services + filled.slices + filled.ingresses + 3 /* nodes */ + 8 /* seed */ + kongServices + kongRoutes;
  const expectedApis = N + 2;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(SINGLE ? "starting worker and web server in one process ..." : "starting the worker ...");
  const syncStart = Date.now();
  const postgresCpuBefore = cpuSecondsOf("postgres");
  const benchCpuBefore = process.cpuUsage();
  const worker = SINGLE
    ? spawnNode([...WORKER_NODE_FLAGS, "bin/signpost.mjs", "start", "--single-process"], { ...env, ...WORKER_MALLOC, SIGNPOST_WORKER_METRICS_PORT: String(metricsPort), HOST: "127.0.0.1", PORT: String(port), SIGNPOST_BUILD_ON_START: "never" })
    : spawnNode([...WORKER_NODE_FLAGS, "bin/signpost.mjs", "worker"], { ...env, ...WORKER_MALLOC, SIGNPOST_WORKER_METRICS_PORT: String(metricsPort) });
  let workerPeak = 0;
  const sampler = setInterval(() => {
    try {
      workerPeak = Math.max(workerPeak, processMemory(worker.pid!).rss);
    } catch {
      // not started yet
    }
  }, 200);
  // Synced = the exact final catalog: every filled Service's API linked to its gateway route,
  // and no other API (a route published unlinked and retracted later would still be syncing).
  await until(
    async () =>
      (
        await pool.query(
          `SELECT count(*) FILTER (WHERE key LIKE 'k8s:%' AND 'Gateway' = ANY(modes))::int AS linked, count(*)::int AS live
             FROM apis WHERE gone_at IS NULL`,
        )
      ).rows[0] as { linked: number; live: number },
    (c) => c.linked === expectedApis && c.live === expectedApis,
    30 * 60_000,
    250,
  );
  const syncSeconds = (Date.now() - syncStart) / 1000;
  // CPU the sync cost: the worker's (start-up included) and the local PostgreSQL server's (0 on
  // PGlite), and this process's (the sandbox cluster and gateway answering the worker's lists
  // and watches); and the bytes the worker wrote (to PostgreSQL, mostly; logs too)
  const syncCpu = { worker: round(cpuSeconds(worker.pid!), 2), postgres: round(cpuSecondsOf("postgres") - postgresCpuBefore, 2), sandboxes: round(cpuOf(process.cpuUsage(benchCpuBefore)), 2), workerWrittenMB: round(bytesWritten(worker.pid!) / 1e6, 1) };
  const apiCount = (await pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL")).rows[0].n;
  log(`synced ${apiCount} APIs (expected ${expectedApis}) in ${syncSeconds.toFixed(1)} s`);
  const steadyFrom = Date.now();
  const collected = await syncCollected(`http://127.0.0.1:${metricsPort}/metrics`);
  const steadyAfterSeconds = round((Date.now() - steadyFrom) / 1000, 1);
  log(collected ? `worker collected the sync's garbage; steady sample ${steadyAfterSeconds} s after the sync` : "worker did not collect within 60 s of the sync; steady sample taken anyway");
  clearInterval(sampler);
  const workerMem = processMemory(worker.pid!);
  // --sync-only: the initial sync and the worker's memory, nothing else (about 40 s at 10k, to compare sync changes)
  if (values["sync-only"]) {
    log(`sync-only: ${JSON.stringify({ syncSeconds: round(syncSeconds, 2), syncCpuSeconds: syncCpu, workerPeakMiB: round(workerMem.peak / MiB), workerSteadyMiB: round(workerMem.rss / MiB) })}`);
    return;
  }

  const { NODE_ENV: _production, ...webEnv } = env; // the web server sets its own
  void _production;
  if (!SINGLE) log("starting the web server ...");
  const web = SINGLE ? worker : spawnNode([...WEB_FLAGS, "--import", "./bin/v8-settings.mjs", "--import", "./bin/peer-address.mjs", "bin/web-server.mjs", "127.0.0.1", String(port)], webEnv);
  await until(() => fetch(`${base}/api/health`).then((r) => r.status), (s) => s === 200, 60_000, 200);
  log("REST and page latency (client in its own process) ...");
  const { latencyMs: results, catalogPage } = await latencyClient(base, N);

  log("event-to-visible under load ...");
  // The sandboxes live in this process: how long its event loop stalled while the changes ran
  // (a stall delays the watch events the worker waits for, as an API server's pause would).
  const sandboxLoop = monitorEventLoopDelay({ resolution: 10 });
  sandboxLoop.enable();
  const eventLatency = { ...(await eventClient(base, cluster.url, N, Number(values.changes))), sandboxLoopDelayMaxMs: 0 };
  sandboxLoop.disable();
  eventLatency.sandboxLoopDelayMaxMs = round(sandboxLoop.max / 1e6);

  const registerMs = await measureRegistrations(base, ADMIN);
  // in one process, all of it is the worker's
  const webMem = SINGLE ? { rss: 0, peak: 0 } : processMemory(web.pid!);
  const webHeap = await webHeapStats(base, ADMIN);
  const workerAfterReads = processMemory(worker.pid!);
  const polls = await pollCost(`http://127.0.0.1:${metricsPort}/metrics`);
  // At rest: the median of samples taken each second from REST_SECONDS to 2 x REST_SECONDS after
  // the last request (the worker's gateway polls go on; a sample during one is not the median),
  // as the peer is sampled after its last request.
  log(`memory at rest (${REST_SECONDS}-${2 * REST_SECONDS} s without a request) ...`);
  const [webAtRest, workerAtRest] = await restingMemory(SINGLE ? [worker.pid!] : [web.pid!, worker.pid!]).then((m) => (SINGLE ? [{ rss: 0 }, m[0]] : m));

  let peer: (PeerReport & { ratios: Record<string, number> }) | undefined;
  if (values.peer === "backstage") {
    // Signpost stops first: the peer gets the machine as Signpost had it.
    for (const c of new Set([web, worker])) c.kill("SIGTERM");
    await Promise.all([...new Set([web, worker])].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
    const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    const p = await runBackstagePeer({ size: N, adminUrl, port: await freePort(), log, latency: (b, t) => latencyClient(b, N, t) as Promise<{ latencyMs: PeerReport["latencyMs"] }> });
    const ratio = (a: number, b: number) => round(a / b, 2);
    peer = {
      ...p,
      ratios: {
        untilQueryable: ratio(syncSeconds, p.untilQueryableSeconds),
        listP95: ratio(results.list.p95, p.latencyMs.list.p95),
        searchP95: ratio(results.search.p95, p.latencyMs.search.p95),
        resolveVsGetByNameP95: ratio(results.resolve.p95, p.latencyMs.getByName.p95),
        memory: ratio((workerAfterReads.rss + webMem.rss) / MiB, p.rssMiB),
        memoryAtRest: ratio((workerAtRest.rss + webAtRest.rss) / MiB, p.rssAtRestMiB),
      },
    };
  }

  const report = {
    size: N,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 1024 ** 3), node: process.version, database: db.kind },
    singleProcess: SINGLE,
    workerNodeFlags: WORKER_NODE_FLAGS,
    workerMalloc: WORKER_MALLOC,
    webNodeFlags: WEB_FLAGS,
    fill: { ...filled, kongServices, kongRoutes },
    sync: { seconds: round(syncSeconds), objects, objectsPerSecond: Math.round(objects / syncSeconds), apis: apiCount, cpuSeconds: syncCpu },
    memory: {
      workerPeakMiB: round(Math.max(workerPeak, workerMem.peak) / MiB),
      workerSteadyMiB: round(workerMem.rss / MiB),
      workerSteadyAfterSeconds: steadyAfterSeconds,
      // 1 when the steady sample followed the collection after the sync, 0 when it waited 60 s in vain
      workerSteadyCollected: collected ? 1 : 0,
      workerIdleMiB: round(workerBaseline / MiB),
      workerBytesPerObject: Math.round((workerMem.rss - workerBaseline) / objects),
      webMiB: round(webMem.rss / MiB),
      workerAfterReadsMiB: round(workerAfterReads.rss / MiB),
      webPeakMiB: round(webMem.peak / MiB),
      workerAtRestMiB: round(workerAtRest.rss / MiB),
      webAtRestMiB: round(webAtRest.rss / MiB),
      ...webHeap,
    },
    latencyMs: results,
    catalogPage,
    eventToVisibleMs: eventLatency,
    registerMs,
    gatewayPolls: polls,
    ...(peer ? { peer } : {}),
  };
  printReport(report);
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
  if (values.markdown) fs.writeFileSync(values.markdown, markdownTable(report));
}

main()
  .catch((err) => {
    process.stderr.write(`[bench] failed: ${(err as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
    for (const c of cleanups.reverse()) await c().catch(() => {});
    process.exit();
  });
