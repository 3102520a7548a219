// The worker runs compiled JavaScript (dist/, built by `npm install`'s build step): every module it
// loads is a .js file of dist/ or a production dependency; no TypeScript source, no tsx, no
// esbuild, no other dev dependency. Traced with a module-loading hook while it syncs a gateway and
// a cluster, and its annotation registrar makes a pass (over a Service whose annotations it refuses).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSignpost } from "../helpers/signpost-process";
import { freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";
import { ensureCompiled } from "../helpers/compiled";

const root = path.resolve(import.meta.dirname, "..", "..");
const TRACE = path.join(root, "tests", "cli", "helpers", "trace-imports.mjs");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> };

describe("the compiled worker", { timeout: 180_000 }, () => {
  let gateway: SandboxGateway;
  let cluster: SandboxCluster;
  let db: TestDb;
  let imported: string[] = [];

  beforeAll(async () => {
    ensureCompiled();
    gateway = await startSandboxGateway({ port: 0 });
    const s = gateway.store.insert("services", { name: "orders", host: "orders.example.com" });
    gateway.store.insert("routes", { name: "orders", paths: ["/orders"], service: { id: s.id } });
    cluster = await startSandboxCluster({ port: 0 });
    cluster.store.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "billing", namespace: "shop", annotations: { "signpost.dev/gateway": "default", "signpost.dev/port": "9999", "signpost.dev/paths": "/billing" } },
      spec: { ports: [{ port: 80 }] },
    });
    const dataDir = fs.mkdtempSync(path.join(root, ".signpost-compiled-"));
    cluster.writeKubeconfig(path.join(dataDir, "kubeconfig"), { context: "compiled" });
    db = await freshDb("pglite", { migrate: false });
    const proc = startSignpost(["worker"], {
      NODE_ENV: "production",
      NODE_OPTIONS: `--import ${TRACE}`,
      DATABASE_URL: db.url,
      KUBECONFIG: path.join(dataDir, "kubeconfig"),
      SIGNPOST_KONG_ADMIN_URL: gateway.url,
      SIGNPOST_IN_CLUSTER: "false",
      SIGNPOST_DATA_DIR: dataDir,
      SIGNPOST_SECRET_KEY: Buffer.alloc(32, 7).toString("base64"),
      SIGNPOST_LOG_LEVEL: "info",
    });
    try {
      await waitFor(
        () => db.pool.query("SELECT count(*)::int AS n FROM apis WHERE name = 'orders' AND gone_at IS NULL").then((r) => r.rows[0].n as number),
        (n) => n === 1,
        { timeoutMs: 120_000, intervalMs: 200, what: `the worker to sync the gateway; output: ${proc.output().slice(-500)}` },
      );
      // the registrar's pass read the annotation registrations, then reported the Service it refuses
      await waitFor(
        async () => proc.output(),
        (out) => out.includes('signpost.dev/port \\"9999\\" is not one of its ports'),
        { timeoutMs: 60_000, intervalMs: 200, what: `the annotation registrar's pass; output: ${proc.output().slice(-500)}` },
      );
    } finally {
      await proc.stop();
    }
    imported = proc.output().split("\n").filter((l) => l.startsWith("[import] ")).map((l) => l.slice(9));
  }, 180_000);
  afterAll(async () => {
    await gateway?.stop();
    await cluster?.stop();
    await db?.dispose();
    for (const d of fs.readdirSync(root).filter((f) => f.startsWith(".signpost-compiled-"))) fs.rmSync(path.join(root, d), { recursive: true, force: true });
  });

  it("loads the entry and the worker from dist/", () => {
    expect(imported.some((u) => u.endsWith("/dist/cli/main.js"))).toBe(true);
    expect(imported.some((u) => u.endsWith("/dist/lib/sync/worker.js"))).toBe(true);
  });

  it("loads KubeConfig from its bundle in dist/vendor, not client-node's generated API", () => {
    expect(imported.some((u) => u.endsWith("/dist/vendor/kube-config.js"))).toBe(true);
    expect(imported.filter((u) => u.includes("/node_modules/@kubernetes/client-node/"))).toEqual([]);
  });

  it("does not load the embedded database (PGlite) when it is given DATABASE_URL", () => {
    expect(imported.filter((u) => u.includes("/node_modules/@electric-sql/"))).toEqual([]);
  });

  it("does not load the OpenAPI validator before a contract is parsed", () => {
    expect(imported.filter((u) => u.includes("/node_modules/@apidevtools/"))).toEqual([]);
  });

  it("does not load Prisma (its client, adapter or query compiler) while no Service registers through an annotation", () => {
    // the worker's own reads and writes are SQL; the annotation registrar attaches Prisma to the
    // worker's pool with the first registration it makes
    expect(imported.some((u) => u.includes("/node_modules/pg/"))).toBe(true);
    expect(imported.filter((u) => u.includes("/node_modules/@prisma/") || u.includes("/dist/lib/db/generated/") || u.includes("query_compiler"))).toEqual([]);
  });

  it("loads no TypeScript source and no dev dependency (tsx, esbuild, ...)", () => {
    expect(imported.filter((u) => /\.tsx?$/.test(u))).toEqual([]);
    const dev = Object.keys(pkg.devDependencies);
    expect(dev).toContain("tsx");
    expect(imported.filter((u) => dev.some((d) => u.includes(`/node_modules/${d}/`)))).toEqual([]);
  });
});
