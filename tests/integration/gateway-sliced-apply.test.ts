// A gateway poll that brings thousands of entities applies them in slices, letting the event loop
// through between them (the lease's renewal must not wait for the whole poll: at 100k APIs one
// poll once took 12 s, past the lease's 8 s TTL), and derives no API from a half-applied poll.
// Against the sandbox gateway, with a real worker on PGlite.
import { afterEach, describe, expect, it, vi } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { GatewaySync } from "../../lib/sync/gateway-sync";
import { SyncWriter } from "../../lib/sync/sync-writer";
import { CatalogIndex } from "../../lib/catalog/catalog-index";
import { freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";
import { exampleObjects } from "../../lib/catalog/testing/example";

let gateway: SandboxGateway | undefined;
let db: TestDb | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await worker?.stop();
  await gateway?.stop();
  await db?.dispose();
  worker = gateway = db = undefined;
});

const N = 4000;

describe("a large gateway poll", { timeout: 180_000 }, () => {
  it("is applied in slices: timers run while it is applied, and no API is derived until all of it is", async () => {
    gateway = await startSandboxGateway({ port: 0, mode: "dbless" });
    const config = (prefix: string) => ({
      _format_version: "3.0",
      services: Array.from({ length: N }, (_, i) => ({ name: `svc-${i}`, host: `b-${i}.example.com`, routes: [{ name: `route-${i}`, paths: [`/${prefix}${i}`] }] })),
    });
    gateway.store.loadConfig(config("r"));
    // What happens while a poll is applied: the holds of derivation, the timer ticks and the
    // derivations (CatalogIndex.flush) seen meanwhile.
    const holds: { ticks: number; derivations: number }[] = [];
    let open: { ticks: number; derivations: number } | undefined;
    const hold = SyncWriter.prototype.holdDerivation;
    vi.spyOn(SyncWriter.prototype, "holdDerivation").mockImplementation(function (this: SyncWriter) {
      const h = { ticks: 0, derivations: 0 };
      holds.push(h);
      open = h;
      const release = hold.call(this);
      return () => {
        if (open === h) open = undefined;
        release();
      };
    });
    const flush = CatalogIndex.prototype.flush;
    vi.spyOn(CatalogIndex.prototype, "flush").mockImplementation(function (this: CatalogIndex, limit?: number) {
      if (open) open.derivations++;
      return flush.call(this, limit);
    });
    const ticker = setInterval(() => open && open.ticks++, 1);
    let sync!: GatewaySync;
    try {
      db = await freshDb("pglite");
      worker = startWorker({
        db,
        clusters: [],
        gateways: [
          {
            name: "edge",
            endpoint: gateway.url,
            create: (tracker, index) => (sync = new GatewaySync(tracker, index, { target: { name: "edge", adminUrl: gateway!.url, retries: 0 }, proxyUrl: "http://edge.example.com", intervalMs: 60_000, jitter: 0 })),
          },
        ],
        deletion: { threshold: 1, minCount: 10, graceMs: 600_000 },
      });
      await worker.waitSynced(150_000);
      const count = async (like: string) =>
        (await db!.pool.query("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL AND proxy_url LIKE $1", [like])).rows[0].n as number;
      expect(await count("%/r%")).toBe(N);
      // A second poll changes every route (the first sync's own hold on APIs is over by then).
      const first = holds.length;
      gateway.store.loadConfig(config("s"));
      sync.resync();
      await worker.waitSynced(150_000);
      await waitFor(() => count("%/s%"), (n) => n === N, { timeoutMs: 60_000, what: "every API at its new path" });
      expect(holds.length).toBe(first + 1);
    } finally {
      clearInterval(ticker);
    }
    // Both polls' applies (8,000 entities each): timers ran in between, nothing was derived.
    expect(holds.length).toBeGreaterThanOrEqual(2);
    for (const h of holds) {
      expect(h.ticks).toBeGreaterThan(0);
      expect(h.derivations).toBe(0);
    }
  });

  it("says the gateway changed only when its own objects did, whatever else changes while a poll is applied", async () => {
    gateway = await startSandboxGateway({ port: 0, mode: "dbless" });
    const config = (retries: number, host = "b-0.example.com") => ({
      _format_version: "3.0",
      services: Array.from({ length: 3 }, (_, i) => ({ name: `svc-${i}`, host: i === 0 ? host : `b-${i}.example.com`, retries, routes: [{ name: `route-${i}`, paths: [`/r${i}`] }] })),
    });
    gateway.store.loadConfig(config(5));
    db = await freshDb("pglite");
    let sync!: GatewaySync;
    worker = startWorker({
      db,
      clusters: [],
      gateways: [
        {
          name: "edge",
          endpoint: gateway.url,
          create: (tracker, index) => (sync = new GatewaySync(tracker, index, { target: { name: "edge", adminUrl: gateway!.url, retries: 0 }, proxyUrl: "http://edge.example.com", intervalMs: 60_000, jitter: 0 })),
        },
      ],
      deletion: { threshold: 1, minCount: 10, graceMs: 600_000 },
    });
    await worker.waitSynced(60_000);
    const first = sync.status().lastEventAt;
    expect(first).not.toBeNull();
    // Another source's change lands while the next poll is applied (an index change of a cluster).
    const w = worker;
    const hold = SyncWriter.prototype.holdDerivation;
    let holds = 0;
    vi.spyOn(SyncWriter.prototype, "holdDerivation").mockImplementation(function (this: SyncWriter) {
      holds++;
      w.index.upsert({ kind: "Service", obj: exampleObjects(`other-${holds}`).services[0] });
      return hold.call(this);
    });
    const poll = async () => {
      const polls = sync.stats.polls;
      sync.resync();
      await waitFor(() => sync.stats.polls, (n) => n > polls, { timeoutMs: 30_000, what: "the next poll" });
    };
    // retries are not part of what Signpost keeps of a service: the bytes change, the objects do not
    gateway.store.loadConfig(config(7));
    await poll();
    expect(holds).toBe(1);
    expect(sync.status().lastEventAt).toEqual(first);
    // a new host is a change of the gateway's own
    gateway.store.loadConfig(config(7, "moved.example.com"));
    await poll();
    expect(holds).toBe(2);
    expect(sync.status().lastEventAt!.getTime()).toBeGreaterThan(first!.getTime());
  });
});
