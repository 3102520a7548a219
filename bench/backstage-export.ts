// npm run bench:backstage [-- --size 10000] [--contracts 1000] [--json FILE]
// The Backstage export at scale: a database holding N live APIs (N/4 microservices, 50 teams,
// a contract for some of them) served by a real web server (`next start`, its own process);
// measures GET /api/v1/export/backstage (time to the last byte, bytes, the web server's resident
// memory before and its peak during the export), then feeds the whole answer to Backstage's
// catalog model (tests/helpers/backstage-validate.ts) and counts the rejections.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { startEmbeddedDb } from "../lib/db/embedded";
import { freePort } from "../lib/runtime/check-port";
import { validateBackstageYaml } from "../tests/helpers/backstage-validate";
import { MiB, processMemory, round } from "./measure";

const { values } = parseArgs({ options: { size: { type: "string", default: "10000" }, contracts: { type: "string", default: "1000" }, json: { type: "string" }, db: { type: "string", default: "pg" } } });
const N = Number(values.size);
const C = Math.min(N, Number(values.contracts));
const ROOT = path.resolve(import.meta.dirname, "..");
const log = (msg: string) => process.stderr.write(`[bench:backstage] ${msg}\n`);
const cleanups: (() => Promise<unknown>)[] = [];
let web: ChildProcess | undefined;

const CONTRACT = (i: number) =>
  `openapi: 3.1.0\ninfo:\n  title: svc-${i}\n  version: "1"\npaths:\n${Array.from({ length: 10 }, (_, k) => `  /r${k}/{id}:\n    get:\n      operationId: get-r${k}-${i}\n      summary: Read r${k}\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        "200": {description: ok}\n        "404": {description: none}\n`).join("")}`;

async function database(): Promise<string> {
  if (values.db === "pglite") {
    const e = await startEmbeddedDb(undefined, 0);
    cleanups.push(() => e.stop());
    return e.url;
  }
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `signpost_bench_bs_${Date.now()}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  cleanups.push(async () => {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await d.end();
  });
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

async function fill(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO apis (id, key, name, microservice, team, cluster, namespace, exposure_mode, proxy_url, modes, gateways, managed_by, search_text, content_hash, event_hash, updated_at)
     SELECT gen_random_uuid(), 'k8s:bench/ns-' || (i / 4) || '/svc-' || i, 'svc-' || i, 'ms-' || (i / 4), 'team-' || (i % 50), 'bench', 'ns-' || (i / 4),
            'Gateway', 'http://gateway.example.com/svc-' || i, ARRAY['Gateway','ClusterIP'], ARRAY['bench-gw'], 'kubernetes', 'svc-' || i, 'h' || i, 'e' || i, now()
     FROM generate_series(0, $1::int - 1) AS i`,
    [N],
  );
  for (let i = 0; i < C; i += 500) {
    const rows = Array.from({ length: Math.min(500, C - i) }, (_, k) => i + k);
    await pool.query(
      `INSERT INTO api_contract_versions (api_key, version, hash, format, openapi, document, origin, author)
       SELECT 'k8s:bench/ns-' || (n / 4) || '/svc-' || n, 1, md5(d), 'yaml', '3.1.0', convert_to(d, 'UTF8'), 'rest', 'bench'
       FROM unnest($1::int[], $2::text[]) AS u(n, d)`,
      [rows, rows.map(CONTRACT)],
    );
  }
  await pool.query(`INSERT INTO api_contracts (api_key, version, hash, search_text) SELECT api_key, 1, hash, '' FROM api_contract_versions`);
}

async function main() {
  const url = await database();
  await migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  cleanups.push(() => pool.end());
  log(`filling ${N} APIs, ${C} with a contract ...`);
  await fill(pool);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-bench-bs-"));
  web = spawn(process.execPath, ["--import", "./bin/peer-address.mjs", "node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: ROOT,
    // BENCH_WEB_NODE_OPTIONS (e.g. --max-old-space-size=192): whether the export fits a small heap.
    env: { ...process.env, ...(process.env.BENCH_WEB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_WEB_NODE_OPTIONS } : {}), DATABASE_URL: url, SIGNPOST_DATA_DIR: dir, SIGNPOST_LOG_LEVEL: "warn", SIGNPOST_SANDBOX: "off", SIGNPOST_RATE_LIMIT_READ: "0", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/api/health`).then((r) => r.status, () => 0)) === 200) break;
    if (i > 600) throw new Error("the web server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  // Warm: the route compiled and connected, on a small answer.
  await (await fetch(`${base}/api/v1/apis?limit=1`)).arrayBuffer();
  const before = processMemory(web.pid!).rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, processMemory(web!.pid!).rss)), 50);

  log("exporting ...");
  const t = performance.now();
  const res = await fetch(`${base}/api/v1/export/backstage`);
  let firstByteMs = 0;
  const chunks: Buffer[] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByteMs) firstByteMs = performance.now() - t;
    chunks.push(Buffer.from(value));
  }
  const totalMs = performance.now() - t;
  clearInterval(sampler);
  peak = Math.max(peak, processMemory(web.pid!).rss);
  const text = Buffer.concat(chunks).toString("utf8");

  log("validating with Backstage's catalog model ...");
  const verdict = await validateBackstageYaml(text);
  const count = (kind: string) => verdict.entities.filter((e) => e.kind === kind).length;
  const report = {
    size: N,
    contracts: C,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, database: values.db },
    status: res.status,
    entities: { API: count("API"), Component: count("Component"), Group: count("Group") },
    rejections: verdict.rejections.length,
    firstRejections: verdict.rejections.slice(0, 5),
    export: { seconds: round(totalMs / 1000, 2), firstByteMs: round(firstByteMs), MiB: round(text.length / MiB) },
    webMemory: { beforeMiB: round(before / MiB), peakDuringMiB: round(peak / MiB), growthMiB: round((peak - before) / MiB) },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (res.status !== 200 || verdict.rejections.length) process.exitCode = 1;
}

main()
  .catch((err) => {
    process.stderr.write(`[bench:backstage] failed: ${(err as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (web && web.exitCode === null) {
      web.kill("SIGTERM");
      await new Promise((r) => web!.once("exit", r));
    }
    for (const c of cleanups.reverse()) await c().catch(() => {});
    process.exit();
  });
