// Kong slow, timing out, or answering 5xx in the middle of pagination: a poll that fails midway
// changes nothing (no partial view applied, no deletions), and the next good poll converges to
// the exact state. 2,500 routes make three pages of 1,000.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import type { Worker } from "../../lib/sync/worker";
import type { GatewaySync } from "../../lib/sync/gateway-sync";
import type { TestDb } from "../helpers/db";
import { startGatewayWorker } from "../helpers/gateway-worker";
import { waitFor } from "../helpers/wait-for";

let gateway: SandboxGateway;
let db: TestDb;
let worker: Worker;
let sync: GatewaySync;
let dispose: (() => Promise<void>) | undefined;

function addRoutes(from: number, to: number) {
  for (let i = from; i < to; i++) {
    const s = gateway.store.insert("services", { name: `svc-${i}`, host: `backend-${i}.example.com`, port: 80 });
    gateway.store.insert("routes", { name: `route-${i}`, paths: [`/r${i}`], service: { id: s.id } });
  }
}
function removeRoutes(from: number, to: number) {
  for (let i = from; i < to; i++) {
    gateway.store.remove("routes", `route-${i}`);
    gateway.store.remove("services", `svc-${i}`);
  }
}
const activeCount = async () => (await db.pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL")).rows[0].n as number;
const routeRequests = () => gateway.faults.requests.filter((r) => r.path.startsWith("/routes")).length;
/** Waits for the worker's next complete or failed poll (its /routes pagination). */
const nextPoll = () => gateway.faults.waitForRequests(routeRequests() + 1, { pathPrefix: "/routes" });

beforeAll(async () => {
  gateway = await startSandboxGateway({ port: 0 });
  addRoutes(0, 2500);
  ({ db, worker, sync, dispose } = await startGatewayWorker(gateway, { timeoutMs: 400, intervalMs: 200 }));
}, 90_000);

afterAll(async () => {
  await dispose?.();
  await gateway?.stop();
});

describe("gateway faults mid-pagination", { timeout: 120_000 }, () => {
  it("starts from 2,500 routes, one API each", async () => {
    expect(await activeCount()).toBe(2500);
  });

  for (const [label, action] of [
    ["a 500 on the second page", { type: "status", status: 500 }],
    ["a hang past the timeout on the second page", { type: "hang" }],
    ["a reset connection on the second page", { type: "reset" }],
  ] as const) {
    it(`${label} applies nothing`, async () => {
      await worker.writer.flush();
      const goneBefore = (await db.pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NOT NULL")).rows[0].n;
      // the fault first: from now on no poll can read /routes whole (three pages, one request let through)
      const polls = sync.stats.polls;
      gateway.faults.add({ pathPrefix: "/routes", method: "GET", afterRequests: 1, action });
      // A poll already under way may still finish, and whatever it read after a change below would
      // be applied as Kong answered it: the changes wait until that poll is over (one poll at a time).
      await waitFor(() => sync.stats.polls, (n) => n > polls, { timeoutMs: 30_000, what: "the poll under way to end" });
      removeRoutes(0, 300); // 300 vanish and 50 appear, but no poll sees it whole
      addRoutes(2500, 2550);
      for (let i = 0; i < 3; i++) await nextPoll();
      await worker.writer.flush();
      expect(await activeCount()).toBe(2500);
      const gone = await db.pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NOT NULL");
      expect(gone.rows[0].n).toBe(goneBefore); // nothing marked gone by a partial view
      expect(sync.status().lastError).toMatch(/^gateway "edge": /);
      gateway.faults.clear();
      // restore the starting state for the next case (re-created routes get new ids, so new API
      // keys), and wait for a good poll of it
      addRoutes(0, 300);
      removeRoutes(2500, 2550);
      sync.resync();
      await waitFor(() => sync.status().lastError, (e) => e === null, { timeoutMs: 10_000, what: "a good poll" });
      await waitFor(() => activeCount(), (n) => n === 2500, { what: "the restored state" });
      await worker.writer.flush();
    });
  }

  it("a slow gateway (within the timeout) is read whole, and the next good poll converges exactly", async () => {
    removeRoutes(0, 100);
    addRoutes(2500, 2520);
    gateway.faults.add({ pathPrefix: "/routes", method: "GET", action: { type: "delay", ms: 150 } });
    const names = await waitFor(
      async () => (await db.pool.query("SELECT name FROM apis WHERE gone_at IS NULL ORDER BY name")).rows.map((r) => r.name as string),
      (n) => n.length === 2420,
      // polls that overrun the 400 ms timeout on a loaded machine fail and are retried: wait for convergence
      { timeoutMs: 60_000, what: "2,420 APIs" },
    );
    gateway.faults.clear();
    expect(names).not.toContain("route-0");
    expect(names).toContain("route-2519");
    expect(sync.status().lastError).toBeNull();
  });
});
