// Replicas against one PostgreSQL: two workers (exactly one syncs; the other takes over within
// 15 s when the first is killed) and two web servers (a change reaches event-stream clients on
// either, and either resolves an API as soon as it lists it). Real processes, a real database (runs when TEST_DATABASE_URL is set).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { freshDb, type TestDb } from "../helpers/db";
import { startSignpost, statusOf, waitUntilHealthy } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";
import { freePort } from "../../lib/runtime/check-port";

const enabled = Boolean(process.env.TEST_DATABASE_URL);


describe.skipIf(!enabled)("replicas", () => {
  let cluster: SandboxCluster;
  let db: TestDb;
  let dir: string;
  const procs: ReturnType<typeof startSignpost>[] = [];
  let env: Record<string, string>;

  const holder = async () => (await db.pool.query("SELECT holder FROM leases WHERE name = 'sync' AND expires_at > now() AT TIME ZONE 'UTC'")).rows[0]?.holder as string | undefined;
  const pidOf = (holderId: string) => Number(holderId.split("-").at(-2));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-replicas-"));
    cluster = await startSandboxCluster({ port: 0 });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    db = await freshDb("postgres");
    env = { DATABASE_URL: db.url, KUBECONFIG: path.join(dir, "kubeconfig"), SIGNPOST_IN_CLUSTER: "false", SIGNPOST_SANDBOX: "off", SIGNPOST_DATA_DIR: dir };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await cluster?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("two workers: exactly one syncs; the other takes over within 15 s of the first being killed", async () => {
    const a = startSignpost(["worker"], env);
    const b = startSignpost(["worker"], env);
    procs.push(a, b);
    await waitFor(() => db.pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL").then((r) => r.rows[0].n), (n) => n === 2, { timeoutMs: 30_000, what: "the first sync" });
    const first = (await holder())!;
    expect([a.child.pid, b.child.pid]).toContain(pidOf(first));
    // the standby never lists: one list per resource so far
    const lists = cluster.control.requestLog().filter((r) => r.path.startsWith("/api/v1/services?limit="));
    expect(lists).toHaveLength(1);
    const reporter = await waitFor(() => db.pool.query("SELECT worker FROM sources WHERE kind = 'cluster'").then((r) => r.rows[0]?.worker as string | null), (w) => w !== null, { what: "the first status report" });
    expect(reporter).toBe(first);

    const leader = pidOf(first) === a.child.pid ? a : b;
    const standby = leader === a ? b : a;
    leader.child.kill("SIGKILL");
    cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "after-failover", namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
    await waitFor(
      () => db.pool.query("SELECT count(*)::int AS n FROM apis WHERE name = 'after-failover' AND gone_at IS NULL").then((r) => r.rows[0].n),
      (n) => n === 1,
      { timeoutMs: 20_000, intervalMs: 100, what: "the standby to take over and sync" },
    );
    expect(pidOf((await holder())!)).toBe(standby.child.pid);
  }, 90_000);

  it("two web servers: an event stream on either sees a change", async () => {
    const ports = [await freePort(), await freePort()];
    const webs = ports.map((port) => startSignpost(["start"], { ...env, PORT: String(port), SIGNPOST_SANDBOX: "off", KUBECONFIG: path.join(dir, "kubeconfig") }));
    procs.push(...webs);
    for (const [i, port] of ports.entries()) {
      await waitUntilHealthy(webs[i], () => statusOf(`http://127.0.0.1:${port}/api/health`), { timeoutMs: 90_000, what: `web on ${port}` });
    }
    const streams = ports.map((port) => {
      const ac = new AbortController();
      const got: string[] = [];
      const done = (async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: { accept: "text/event-stream" }, signal: ac.signal });
        const reader = res.body!.getReader();
        for (;;) {
          const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (end) return;
          got.push(new TextDecoder().decode(value));
        }
      })();
      return { got, stop: async () => (ac.abort(), await done.catch(() => {})) };
    });
    await waitFor(() => streams.map((s) => s.got.length), (n) => n.every((x) => x > 0), { what: "both streams open" });
    // each web server remembers that the name is unknown
    for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/api/v1/resolve/seen-everywhere`)).status).toBe(404);
    cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "seen-everywhere", namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
    // the moment a web server lists the API, it resolves it too (its resolve cache does not wait for its feed's next poll)
    for (const port of ports) {
      const listed = () => fetch(`http://127.0.0.1:${port}/api/v1/apis?q=seen-everywhere`).then((r) => r.json() as Promise<{ data: unknown[] }>);
      await waitFor(listed, (b) => b.data.length === 1, { timeoutMs: 20_000, intervalMs: 20, what: `seen-everywhere listed on ${port}` });
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/resolve/seen-everywhere`)).status).toBe(200);
    }
    for (const s of streams) await waitFor(() => s.got.join(""), (t) => t.includes("seen-everywhere"), { timeoutMs: 20_000, what: "the event on each web server" });
    await Promise.all(streams.map((s) => s.stop()));
  }, 180_000);
});
