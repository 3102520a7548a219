// A worker that syncs one sandbox gateway ("edge") into a fresh PGlite database, with the
// GatewaySync options a test picks: for tests of the gateway poller's behaviour under faults.
import type { SandboxGateway } from "../../lib/sandbox/kong";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { GatewaySync, type GatewaySyncOptions } from "../../lib/sync/gateway-sync";
import { freshDb, type TestDb } from "./db";

export type GatewayWorker = { db: TestDb; worker: Worker; sync: GatewaySync; dispose(): Promise<void> };

/** Starts the worker and waits until its first sync is written. */
export async function startGatewayWorker(
  gateway: SandboxGateway,
  o: { timeoutMs: number; intervalMs: number } & Pick<GatewaySyncOptions, "jitter">,
): Promise<GatewayWorker> {
  const db = await freshDb("pglite");
  let sync: GatewaySync | undefined;
  const worker = startWorker({
    db,
    clusters: [],
    gateways: [
      {
        name: "edge",
        endpoint: gateway.url,
        create: (tracker, index) => {
          sync = new GatewaySync(tracker, index, {
            target: { name: "edge", adminUrl: gateway.url, timeoutMs: o.timeoutMs, retries: 0 },
            proxyUrl: "http://edge.example.com",
            intervalMs: o.intervalMs,
            jitter: o.jitter ?? 0,
          });
          return sync;
        },
      },
    ],
    deletion: { threshold: 0.5, minCount: 10, graceMs: 600_000 },
    statusIntervalMs: 50,
  });
  await worker.waitSynced(60_000);
  return {
    db,
    worker,
    sync: sync!,
    dispose: async () => {
      await worker.stop();
      await db.dispose();
    },
  };
}
