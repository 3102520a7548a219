// A gateway poll after the first lets the catalog's queued writes go first: each page it requests
// waits until the sync writer has nothing queued (SyncWriter.whenIdle, at most WRITES_FIRST_MAX_MS),
// so that a poll reading the whole gateway does not delay other sources' changes; the first poll,
// which a sync needs, waits for nothing. Against the sandbox gateway with a real worker.
import { describe, expect, it } from "vitest";
import { startSandboxGateway } from "../../lib/sandbox/kong";
import { startWorker } from "../../lib/sync/worker";
import { GatewaySync } from "../../lib/sync/gateway-sync";
import { freshDb } from "../helpers/db";
import { stopAfterEach } from "../helpers/stop-after-each";
import { waitFor } from "../helpers/wait-for";

const track = stopAfterEach();

describe("gateway polls wait for the catalog's writes", { timeout: 120_000 }, () => {
  it("database mode: after the first poll, each page waits until the catalog's queued writes are done (writesFirst); the first poll waits for nothing", async () => {
    const g = track(await startSandboxGateway({ port: 0 }));
    const svc = g.store.insert("services", { name: "a", host: "a.example.com" });
    for (let i = 0; i < 1500; i++) g.store.insert("routes", { name: `r${i}`, paths: [`/r${i}`], service: { id: svc.id } });
    const database = track(await freshDb("pglite"));
    let asked = 0;
    let release: () => void = () => {};
    const held: { gate?: Promise<void> } = {};
    let sync!: GatewaySync;
    const worker = track(startWorker({
      db: database,
      clusters: [],
      gateways: [
        {
          name: "edge",
          endpoint: g.url,
          create: (tracker, index) => {
            tracker.writesFirst = () => (asked++, held.gate ?? Promise.resolve());
            return (sync = new GatewaySync(tracker, index, { target: { name: "edge", adminUrl: g.url, retries: 0 }, intervalMs: 600_000, jitter: 0 }));
          },
        },
      ],
      deletion: { threshold: 1, minCount: 10, graceMs: 600_000 },
      statusIntervalMs: 50,
    }));
    await worker.waitSynced(60_000);
    expect([sync.stats.polls, asked]).toEqual([1, 0]);
    // the next poll: its first page waits while writes are queued
    held.gate = new Promise<void>((r) => (release = r));
    g.faults.resetRequests();
    sync.resync();
    await waitFor(async () => asked, (n) => n >= 1, { timeoutMs: 10_000, what: "a page waiting" });
    expect(g.faults.requests.filter((r) => /^\/(services|routes|plugins)/.test(r.path))).toEqual([]);
    release();
    await waitFor(async () => sync.stats.polls, (n) => n === 2, { timeoutMs: 10_000, what: "the second poll" });
    // one wait per page: services 1, routes 2, plugins 1
    expect(asked).toBe(4);
    expect(g.faults.requests.filter((r) => /^\/(services|routes|plugins)/.test(r.path))).toHaveLength(4);
  });
});
