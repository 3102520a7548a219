// PostgreSQL restarted in the middle of a sync (a real server of the test's own): requests fail
// fast with 503 during the outage, the sync resumes, and nothing is lost or duplicated.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { createDb, setDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres";
import { waitFor } from "../helpers/wait-for";
import { GET as listApis } from "../../app/api/v1/apis/route";

const enabled = postgresBinDir() !== null;
const N = 1500;

describe.skipIf(!enabled)("PostgreSQL restarted mid-sync", () => {
  let pg: PrivatePostgres;
  let cluster: SandboxCluster;
  let workerDb: Db;
  let webDb: Db;
  let probeDb: Db;
  let worker: Worker;
  let dir: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    await migrate(pg.url);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-pgrestart-"));
    cluster = await startSandboxCluster({ port: 0, historyLimit: 5000 });
    for (let i = 0; i < N; i++) {
      const name = `r-${String(i).padStart(4, "0")}`;
      cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "shop", labels: { app: name } }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
    }
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    workerDb = createDb(pg.url, { max: 3 });
    webDb = createDb(pg.url, { max: 3, connectionTimeoutMillis: 2000 });
    probeDb = createDb(pg.url, { max: 1 });
    setDb(webDb);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    setDb(undefined);
    await Promise.all([workerDb?.close(), webDb?.close(), probeDb?.close()]);
    await cluster?.stop();
    pg?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 quickly while down, resumes, and converges exactly", async () => {
    worker = startWorker({
      db: workerDb,
      clusters: loadClusters(loadConfig({}), { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 600_000 },
      timings: { resyncIntervalMs: 0 },
      statusIntervalMs: 100,
    });
    await waitFor(() => probeDb.pool.query("SELECT count(*)::int AS n FROM source_objects").then((r) => r.rows[0].n), (n) => n > 0, { timeoutMs: 30_000, intervalMs: 10 });
    pg.stop();
    const res = await listApis(new Request("http://signpost.test/api/v1/apis"));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");
    expect(res.headers.get("retry-after")).toBe("2");
    await new Promise((r) => setTimeout(r, 3000)); // the outage
    pg.start();
    await waitFor(() => probeDb.pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL").then((r) => r.rows[0].n), (n) => n === N + 2, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: `${N + 2} APIs after the restart`,
    });
    await worker.writer.flush();
    const checks = await probeDb.pool.query(`
      SELECT (SELECT count(*) FROM apis)::int AS apis,
             (SELECT count(*) FROM change_events WHERE type = 'api.created')::int AS created,
             (SELECT count(DISTINCT api_key) FROM change_events)::int AS event_keys,
             (SELECT count(*) FROM source_objects WHERE kind = 'Service' AND gone_at IS NULL)::int AS services`);
    expect(checks.rows[0]).toEqual({ apis: N + 2, created: N + 2, event_keys: N + 2, services: N + 7 });
    expect((await listApis(new Request("http://signpost.test/api/v1/apis"))).status).toBe(200);
  }, 120_000);
});
