// The Backstage catalog backend beside Signpost in one bench run (`npm run bench -- --peer backstage`):
// the real npm packages (peer-figures.md: @backstage/backend-defaults 0.19.0,
// @backstage/plugin-catalog-backend 4.0.5) installed on first use into a cache folder (not a
// dependency of Signpost), on the same PostgreSQL, fed one static catalog file of N entities
// (N/2 Components named as Signpost's APIs, N/2 APIs) at the default processing interval, and
// measured with the same closed-loop client (bench/latency-client.ts).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { serviceName } from "./fill";
import { MiB, processMemory, round, type Latency } from "./measure";
import { restingMemory } from "./resting-memory";

export const BACKSTAGE_VERSIONS = { "@backstage/backend-defaults": "0.19.0", "@backstage/plugin-catalog-backend": "4.0.5", "@backstage/catalog-model": "1.10.3" };

export type PeerReport = {
  name: "backstage";
  versions: typeof BACKSTAGE_VERSIONS;
  entities: number;
  /** from the backend's start until all N entities are queryable */
  untilQueryableSeconds: number;
  entitiesPerSecond: number;
  rssMiB: number;
  /** at rest after its last request (bench/resting-memory.ts) */
  rssAtRestMiB: number;
  latencyMs: Record<"list" | "listFirstPass" | "search" | "getByName", Latency>;
};

/** The cache folder of the harness: BENCH_PEER_CACHE, else $XDG_CACHE_HOME or ~/.cache, /signpost-bench/backstage-4.0.5. */
export function peerCacheDir(): string {
  const base = process.env.BENCH_PEER_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "signpost-bench");
  return path.join(base, `backstage-${BACKSTAGE_VERSIONS["@backstage/plugin-catalog-backend"]}`);
}

/** Installs the Backstage packages into the cache folder unless they are there at these versions. */
export function ensureBackstage(dir: string, log: (m: string) => void): void {
  const installed = (name: string) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return null;
    }
  };
  if (Object.entries(BACKSTAGE_VERSIONS).every(([n, v]) => installed(n) === v)) return;
  log(`installing the Backstage catalog backend into ${dir} (first run only) ...`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "signpost-bench-backstage", private: true, type: "module", dependencies: BACKSTAGE_VERSIONS }, null, 2) + "\n");
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`npm install of the Backstage catalog backend failed (exit ${r.status})`);
}

/** The catalog file: N/2 Components (svc-000000 ...) and N/2 APIs, one owner group per 25. */
function catalogYaml(n: number): string {
  const half = Math.max(1, Math.floor(n / 2));
  const docs: string[] = [];
  for (let i = 0; i < half; i++) {
    const name = serviceName(i);
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  annotations:\n    signpost.dev/team: team-${i % 25}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-${i % 25}\n  providesApis: [api-${name}]\n`,
      `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: api-${name}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-${i % 25}\n  definition: "openapi: 3.0.0"\n`,
    );
  }
  return docs.join("---\n");
}

/** Runs the peer; `latency` runs bench/latency-client.ts against a base URL. */
export async function runBackstagePeer(o: {
  size: number;
  adminUrl: string;
  port: number;
  log: (m: string) => void;
  latency: (base: string, target: "backstage") => Promise<{ latencyMs: PeerReport["latencyMs"] }>;
}): Promise<PeerReport> {
  const dir = peerCacheDir();
  ensureBackstage(dir, o.log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-bench-backstage-"));
  const dbName = `backstage_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(o.adminUrl);
  const entities = Math.max(1, Math.floor(o.size / 2)) * 2;
  fs.writeFileSync(path.join(work, "catalog.yaml"), catalogYaml(o.size));
  fs.writeFileSync(
    path.join(work, "app-config.yaml"),
    [
      "backend:",
      `  baseUrl: http://127.0.0.1:${o.port}`,
      `  listen: { port: ${o.port}, host: 127.0.0.1 }`,
      "  auth: { dangerouslyDisableDefaultAuthPolicy: true }",
      "  database:",
      "    client: pg",
      "    pluginDivisionMode: schema",
      `    connection: { host: ${JSON.stringify(u.hostname)}, port: ${Number(u.port || 5432)}, user: ${JSON.stringify(decodeURIComponent(u.username || "postgres"))}, password: ${JSON.stringify(decodeURIComponent(u.password))}, database: ${dbName} }`,
      "catalog:",
      "  rules: [{ allow: [Component, API, Location] }]",
      `  locations: [{ type: file, target: ${JSON.stringify(path.join(work, "catalog.yaml"))} }]`,
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "backend.mjs"),
    [
      "// Written by Signpost's bench (bench/peer-backstage.ts): the catalog backend and nothing else.",
      'import { createBackend } from "@backstage/backend-defaults";',
      "const backend = createBackend();",
      'backend.add(import("@backstage/plugin-catalog-backend"));',
      "await backend.start();",
      "",
    ].join("\n"),
  );
  o.log(`starting Backstage's catalog backend with ${entities} entities ...`);
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(dir, "backend.mjs"), "--config", path.join(work, "app-config.yaml")], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${o.port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the Backstage backend exited (${child.exitCode}): ${stderr.slice(-1500)}`);
      const total = await fetch(`${base}/api/catalog/entities/by-query?limit=1&filter=kind=component,kind=api`)
        .then((r) => (r.ok ? (r.json() as Promise<{ totalItems?: number }>) : { totalItems: 0 }))
        .then((b) => b.totalItems ?? 0)
        .catch(() => 0);
      if (total >= entities) break;
      if (Date.now() - started > 30 * 60_000) throw new Error(`Backstage had ${total} of ${entities} entities after 30 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const untilQueryableSeconds = (Date.now() - started) / 1000;
    o.log(`Backstage: ${entities} entities queryable after ${untilQueryableSeconds.toFixed(1)} s; latency ...`);
    const { latencyMs } = await o.latency(base, "backstage");
    const rss = processMemory(child.pid!).rss;
    const [{ rss: rssAtRest }] = await restingMemory([child.pid!]);
    return {
      name: "backstage",
      versions: BACKSTAGE_VERSIONS,
      entities,
      untilQueryableSeconds: round(untilQueryableSeconds),
      entitiesPerSecond: Math.round(entities / untilQueryableSeconds),
      rssMiB: round(rss / MiB),
      rssAtRestMiB: round(rssAtRest / MiB),
      latencyMs,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    const d = new pg.Client({ connectionString: o.adminUrl });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await d.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
