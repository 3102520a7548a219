// npm run bench:footprint [-- --runs 3] [--only worker,start,single,start-again,single-again] [--json FILE] [--modules]
// The resident memory of a small install, measured (issue 14's targets):
// - worker: an idle worker (compiled dist/, the bench's worker node flags) against near-empty
//   sandboxes and a fresh PostgreSQL database, 5 s after both sources are live: `npm run bench`'s
//   step 2;
// - start / single: package.json's start script, `signpost start` (npm's own process is not counted)
//   with the seeded example: embedded PGlite, sandbox cluster and gateway, worker, and web server
//   as a child (`start`) or in the same process (`single`, --single-process); 10 s after the
//   first page and API reads; start-again / single-again: the same on a data directory that a
//   first start made (every later `npm start`).
// Each process of the tree: VmRSS (anonymous / file-backed, /proc) and, from
// bench/footprint-probe.mjs, V8's heap in use and committed, code space, external memory and
// array buffers. --modules adds what each process loaded, by package (bench/module-census.ts);
// FOOTPRINT_HEAPSNAPSHOT=1 also writes each process's heap snapshot (FOOTPRINT_KEEP=DIR keeps it).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startSandboxCluster } from "../lib/sandbox/kube";
import { startSandboxGateway } from "../lib/sandbox/kong";
import { migrate } from "../lib/db/migrate";
import { freePort } from "../lib/runtime/check-port";
import { MiB, round } from "./measure";
import { treeFootprint, type ProcessFootprint } from "./process-tree";
import { moduleCensus, type Census } from "./module-census";
// @ts-expect-error: plain JavaScript module without types
import { distIsCurrent } from "../bin/dist-current.mjs";
import { WORKER_MALLOC_ENV } from "../lib/runtime/malloc-arenas";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, only: { type: "string", default: "worker,start,single" }, json: { type: "string" }, modules: { type: "boolean", default: false } },
});
const ROOT = path.resolve(import.meta.dirname, "..");
const PROBE = path.join(ROOT, "bench", "footprint-probe.mjs");
/** The bench's worker node flags (bench/run.ts, the Dockerfile's worker target); BENCH_WORKER_NODE_FLAGS overrides. */
const WORKER_NODE_FLAGS = (process.env.BENCH_WORKER_NODE_FLAGS ?? "--max-semi-space-size=8").split(" ").filter(Boolean);
const log = (msg: string) => process.stderr.write(`[footprint] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Probe = {
  pid: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  mallocedMemory: number;
  spaces: Record<string, { used: number; committed: number }>;
  commonjs?: string[];
};
type Sample = ProcessFootprint & { role: string; probe?: Omit<Probe, "commonjs">; modules?: Census };
type Measurement = { scenario: string; loadavg: [number, number]; processes: Sample[]; totalRss: number };

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** The environment without Signpost settings of the caller, plus the probe. */
function cleanEnv(dir: string, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("SIGNPOST_") && !["DATABASE_URL", "KUBECONFIG", "PORT", "NODE_ENV"].includes(k)) env[k] = v;
  if (values.modules) env.FOOTPRINT_MODULES = "1";
  return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --import ${PROBE}`.trim(), FOOTPRINT_DIR: dir, NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

function spawnNode(args: string[], env: Record<string, string>): ChildProcess & { out: () => string } {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return Object.assign(child, { out: () => out.slice(-2000) });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(t);
}

/** Reads the tree's memory, then asks every process for its V8 figures. */
async function sample(scenario: string, root: number, dir: string, role: (s: ProcessFootprint) => string): Promise<Measurement> {
  const load = os.loadavg();
  const processes: Sample[] = treeFootprint(root).map((p) => ({ ...p, role: role(p) }));
  for (const p of processes) process.kill(p.pid, "SIGUSR2");
  for (const p of processes) {
    const file = path.join(dir, `${p.pid}.json`);
    await until(async () => fs.existsSync(file), Boolean, 120_000, `the probe of ${p.pid}`).catch(() => undefined);
    if (!fs.existsSync(file)) continue;
    const { commonjs, ...probe } = JSON.parse(fs.readFileSync(file, "utf8")) as Probe;
    p.probe = probe;
    if (values.modules) p.modules = moduleCensus(dir, p.pid, commonjs);
  }
  const keep = process.env.FOOTPRINT_KEEP;
  if (keep) fs.cpSync(dir, path.join(keep, `${scenario}-${Date.now()}`), { recursive: true, filter: (f) => !f.includes("/data") && !f.endsWith("kubeconfig") });
  return { scenario, loadavg: [round(load[0], 2), round(os.loadavg()[0], 2)], processes, totalRss: processes.reduce((s, p) => s + p.rss, 0) };
}

async function idleWorker(): Promise<Measurement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-footprint-"));
  const cluster = await startSandboxCluster({ port: 0, name: "bench" });
  const gateway = await startSandboxGateway({ port: 0 });
  cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "bench" });
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `signpost_footprint_${Date.now()}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
  pool.on("error", () => {}); // a lost idle connection is retried by the next query
  let worker: ChildProcess | undefined;
  try {
    await migrate(u.toString());
    const env = cleanEnv(dir, {
      DATABASE_URL: u.toString(),
      KUBECONFIG: path.join(dir, "kubeconfig"),
      SIGNPOST_IN_CLUSTER: "false",
      SIGNPOST_KONG_NAME: "bench-gw",
      SIGNPOST_KONG_ADMIN_URL: gateway.url,
      SIGNPOST_KONG_PROXY_URL: "http://gateway.example.com",
      SIGNPOST_ADMIN_TOKEN: "bench-admin-token-0123456789",
      SIGNPOST_DATA_DIR: dir,
      SIGNPOST_LOG_LEVEL: "warn",
      SIGNPOST_SANDBOX: "off",
      SIGNPOST_WORKER_METRICS_PORT: String(await freePort()),
      NODE_ENV: "production",
    });
    // As the worker image runs it: its flags and malloc settings (lib/runtime/malloc-arenas.ts).
    worker = spawnNode([...WORKER_NODE_FLAGS, "bin/signpost.mjs", "worker"], { ...WORKER_MALLOC_ENV, ...env });
    await until(async () => (await pool.query("SELECT count(*)::int AS n FROM sources WHERE state = 'live'")).rows[0].n as number, (n) => n >= 2, 60_000, "both sources live");
    await sleep(5000);
    return await sample("worker", worker.pid!, dir, () => "worker");
  } catch (err) {
    throw new Error(`${(err as Error).message}; worker output: ${(worker as ReturnType<typeof spawnNode> | undefined)?.out()}`);
  } finally {
    if (worker) await stop(worker);
    await pool.end();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    await cluster.stop();
    await gateway.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Node's arguments of package.json's `start` script ("node [flags] bin/signpost.mjs start"): what `npm start` runs. */
function npmStart(): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start;
  const [node, ...args] = script.split(/\s+/);
  if (node !== "node" || !args.includes("bin/signpost.mjs")) throw new Error(`package.json's start script is not "node ... bin/signpost.mjs start": ${script}`);
  return args;
}

/**
 * `npm start` on a new data directory (its first start: initdb, seeding), or with `again` on one
 * that a first start made and stopped (every later start), measured as described above.
 */
async function start(single: boolean, again = false): Promise<Measurement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-footprint-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = cleanEnv(dir, {
    PORT: String(port),
    HOST: "127.0.0.1",
    SIGNPOST_DATA_DIR: path.join(dir, "data"),
    SIGNPOST_SANDBOX_KUBE_PORT: "0",
    SIGNPOST_SANDBOX_KONG_PORT: "0",
    SIGNPOST_SANDBOX_PROXY_PORT: "0",
    SIGNPOST_SANDBOX_PROXY_TLS_PORT: "0",
    SIGNPOST_BUILD_ON_START: "never",
    SIGNPOST_LOG_LEVEL: "warn",
  });
  const launch = async () => {
    const main = spawnNode([...npmStart(), ...(single ? ["--single-process"] : [])], env);
    try {
      await until(() => fetch(`${base}/api/health`).then((r) => r.status), (s) => s === 200 || main.exitCode !== null, 180_000, "signpost start to be healthy");
      if (main.exitCode !== null) throw new Error("signpost start exited");
      await until(() => fetch(`${base}/api/v1/resolve/usermgr`).then((r) => r.status), (s) => s === 200, 60_000, "the seeded example in the catalog");
      return main;
    } catch (err) {
      await stop(main);
      throw new Error(`${(err as Error).message}; output: ${main.out()}`);
    }
  };
  try {
    if (again) await stop(await launch());
    const main = await launch();
    try {
      // The first page and API reads a newcomer makes.
      const read = async (p: string) => {
        const res = await fetch(`${base}${p}`);
        const body = await res.text();
        if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
        return body;
      };
      await read("/");
      const list = JSON.parse(await read("/api/v1/apis?limit=50")) as { data: { id: string; name: string }[] };
      await read(`/apis/${list.data.find((a) => a.name === "usermgr")!.id}`);
      await read("/api/v1/resolve/ordermgr");
      await sleep(10_000);
      return await sample(`${single ? "single" : "start"}${again ? "-again" : ""}`, main.pid!, dir, (p) => (p.pid === main.pid ? "main" : "web"));
    } finally {
      await stop(main);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mib = (b: number | undefined) => (b === undefined ? NaN : round(b / MiB));

function summary(runs: Measurement[]) {
  const roles = [...new Set(runs.flatMap((r) => r.processes.map((p) => p.role)))];
  const pick = (role: string, f: (s: Sample) => number | undefined) => mib(median(runs.map((r) => f(r.processes.find((p) => p.role === role)!) ?? NaN)));
  return {
    totalRssMiB: mib(median(runs.map((r) => r.totalRss))),
    runsMiB: runs.map((r) => mib(r.totalRss)),
    loadavg: runs.map((r) => r.loadavg),
    processes: Object.fromEntries(
      roles.map((role) => [
        role,
        {
          rss: pick(role, (s) => s.rss),
          anon: pick(role, (s) => s.rssAnon),
          file: pick(role, (s) => s.rssFile),
          heapUsed: pick(role, (s) => s.probe?.heapUsed),
          heapCommitted: pick(role, (s) => s.probe?.heapTotal),
          code: pick(role, (s) => s.probe?.spaces.code_space?.committed),
          external: pick(role, (s) => s.probe?.external),
          arrayBuffers: pick(role, (s) => s.probe?.arrayBuffers),
          malloced: pick(role, (s) => s.probe?.mallocedMemory),
        },
      ]),
    ),
  };
}

async function main() {
  if (!(distIsCurrent as (root: string, env: Record<string, string>) => boolean)(ROOT, {})) {
    log("compiling dist/ ...");
    const r = spawn(process.execPath, ["scripts/compile.mjs"], { cwd: ROOT, stdio: "inherit" });
    if ((await new Promise<number | null>((res) => r.once("exit", res))) !== 0) throw new Error("scripts/compile.mjs failed");
  }
  const scenarios = values.only!.split(",");
  const known: Record<string, () => Promise<Measurement>> = {
    worker: idleWorker,
    start: () => start(false),
    single: () => start(true),
    "start-again": () => start(false, true),
    "single-again": () => start(true, true),
  };
  for (const s of scenarios) if (!known[s]) throw new Error(`--only: unknown scenario "${s}" (${Object.keys(known).join(", ")})`);
  const all: Record<string, Measurement[]> = {};
  for (let i = 0; i < Number(values.runs); i++) {
    for (const s of scenarios) {
      log(`run ${i + 1}: ${s} ...`);
      const m = await known[s]();
      log(`  ${s}: ${mib(m.totalRss)} MiB (${m.processes.map((p) => `${p.role} ${mib(p.rss)}`).join(", ")}), load ${m.loadavg.join("-")}`);
      for (const p of m.processes.filter((x) => x.modules)) {
        const top = Object.entries(p.modules!).slice(0, 20).map(([k, v]) => `${k} ${v.files}/${round(v.bytes / 1024)}K`);
        log(`  ${p.role} loaded: ${top.join(", ")}`);
      }
      (all[s] ??= []).push(m);
    }
  }
  const report = { date: new Date().toISOString(), cpus: os.cpus().length, node: process.version, runs: Number(values.runs), scenarios: Object.fromEntries(Object.entries(all).map(([s, runs]) => [s, summary(runs)])) };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  if (values.json) fs.writeFileSync(values.json, JSON.stringify({ ...report, raw: all }, null, 2) + "\n");
}

main().catch((err) => {
  process.stderr.write(`[footprint] failed: ${(err as Error).stack}\n`);
  process.exitCode = 1;
});
