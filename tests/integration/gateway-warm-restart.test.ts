// A worker that restarts warm (its tracker loaded from source_objects, whose jsonb orders keys its
// own way) finds a gateway's unchanged entities unchanged: its first poll writes none of them
// again, and a real change is still written. Against the sandbox gateway, with a real worker.
import { describe, expect, it } from "vitest";
import { startSandboxGateway } from "../../lib/sandbox/kong";
import { startWorker } from "../../lib/sync/worker";
import { GatewaySync } from "../../lib/sync/gateway-sync";
import { freshDb } from "../helpers/db";
import { stopAfterEach } from "../helpers/stop-after-each";
import { waitFor } from "../helpers/wait-for";

const track = stopAfterEach();

describe("a warm restart and the gateway's objects", { timeout: 120_000 }, () => {
  it("writes no unchanged Kong entity again; a changed one is written", async () => {
    const g = track(await startSandboxGateway({ port: 0 }));
    const services = [0, 1, 2].map((i) => g.store.insert("services", { name: `svc-${i}`, host: `b-${i}.example.com`, tags: ["team:a", "tier:1"] }));
    services.forEach((s, i) => g.store.insert("routes", { name: `route-${i}`, paths: [`/r${i}`], service: { id: s.id }, tags: ["k8s-kind:Ingress", "k8s-namespace:shop", `k8s-name:i${i}`] }));
    g.store.insert("plugins", { name: "rate-limiting", config: { minute: 5 } });
    const d = track(await freshDb("pglite"));
    let sync!: GatewaySync;
    const start = () =>
      startWorker({
        db: d,
        clusters: [],
        gateways: [{ name: "edge", endpoint: g.url, create: (t, index) => (sync = new GatewaySync(t, index, { target: { name: "edge", adminUrl: g.url, retries: 0 }, intervalMs: 100, jitter: 0 })) }],
        deletion: { threshold: 1, minCount: 10, graceMs: 600_000 },
        statusIntervalMs: 50,
      });
    const rows = async () =>
      new Map(
        (await d.pool.query(`SELECT name, updated_at FROM source_objects WHERE kind LIKE 'Kong%'`)).rows.map((r) => [r.name as string, (r.updated_at as Date).toISOString()]),
      );
    const first = start();
    await first.waitSynced(60_000);
    await waitFor(() => sync.stats.unchanged, (n) => n >= 1, { timeoutMs: 30_000, what: "an unchanged poll" });
    await first.stop();
    const before = await rows();
    expect(before.size).toBe(7);

    // a service changes while the worker is down
    g.store.update("services", services[1].id, { host: "moved.example.com" });
    const second = track(start());
    await second.waitSynced(60_000);
    await waitFor(() => sync.stats.unchanged, (n) => n >= 1, { timeoutMs: 30_000, what: "an unchanged poll after the restart" });
    const after = await rows();
    const rewritten = [...after].filter(([name, at]) => before.get(name) !== at).map(([name]) => name);
    expect(rewritten).toEqual([services[1].id]);
    const moved = await d.pool.query(`SELECT data->>'host' AS host FROM source_objects WHERE name = $1`, [services[1].id]);
    expect(moved.rows[0].host).toBe("moved.example.com");
  });
});
