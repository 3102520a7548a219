// A worker killed in the middle of its first batch: the next worker converges to the exact
// state, with every API once and one api.created event each (nothing lost, nothing doubled).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { freshDb, type TestDb } from "../helpers/db";
import { startSignpost } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";

const enabled = Boolean(process.env.TEST_DATABASE_URL);
const N = 3000;

describe.skipIf(!enabled)("worker killed mid-batch", () => {
  let cluster: SandboxCluster;
  let db: TestDb;
  let dir: string;
  const procs: ReturnType<typeof startSignpost>[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-kill-"));
    cluster = await startSandboxCluster({ port: 0, historyLimit: 10_000 });
    for (let i = 0; i < N; i++) {
      const name = `k-${String(i).padStart(4, "0")}`;
      cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "shop", labels: { app: name } }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
    }
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    db = await freshDb("postgres");
  }, 60_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await cluster?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the next worker converges exactly", async () => {
    const env = { DATABASE_URL: db.url, KUBECONFIG: path.join(dir, "kubeconfig"), SIGNPOST_IN_CLUSTER: "false", SIGNPOST_SANDBOX: "off", SIGNPOST_DATA_DIR: dir };
    const first = startSignpost(["worker"], env);
    procs.push(first);
    // kill it once it has written objects but not every API
    const seen = await waitFor(
      () => db.pool.query("SELECT (SELECT count(*) FROM source_objects)::int AS objects, (SELECT count(*) FROM apis)::int AS apis").then((r) => r.rows[0]),
      (r) => r.objects > 0,
      { timeoutMs: 60_000, intervalMs: 10, what: "the first writes" },
    );
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const atKill = (await db.pool.query("SELECT (SELECT count(*) FROM source_objects)::int AS objects, (SELECT count(*) FROM apis)::int AS apis")).rows[0];
    expect(atKill.apis).toBeLessThan(N + 2); // killed mid-way
    expect(seen.objects).toBeGreaterThan(0);

    // the lease of the killed worker expires; a new worker takes over and converges
    const second = startSignpost(["worker"], env);
    procs.push(second);
    await waitFor(() => db.pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL").then((r) => r.rows[0].n), (n) => n === N + 2, {
      timeoutMs: 90_000,
      intervalMs: 200,
      what: `${N + 2} APIs`,
    });
    await new Promise((r) => setTimeout(r, 1500)); // any late duplicate would show now
    const checks = await db.pool.query(`
      SELECT (SELECT count(*) FROM apis)::int AS apis,
             (SELECT count(DISTINCT key) FROM apis)::int AS keys,
             (SELECT count(*) FROM change_events WHERE type = 'api.created')::int AS created,
             (SELECT count(DISTINCT api_key) FROM change_events WHERE type = 'api.created')::int AS created_keys,
             (SELECT count(*) FROM change_events WHERE type <> 'api.created')::int AS other_events,
             (SELECT count(*) FROM source_objects WHERE kind = 'Service' AND gone_at IS NULL)::int AS services`);
    expect(checks.rows[0]).toEqual({ apis: N + 2, keys: N + 2, created: N + 2, created_keys: N + 2, other_events: 0, services: N + 7 });
  }, 180_000);
});
