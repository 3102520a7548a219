// A resync asked for while a gateway poll is under way (a registration, `POST .../resync`) runs
// one more poll after it, never a second poll beside it: two polls at once could apply the older
// snapshot last and show what is no longer true until the next interval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import type { GatewaySync } from "../../lib/sync/gateway-sync";
import type { TestDb } from "../helpers/db";
import { startGatewayWorker } from "../helpers/gateway-worker";
import { waitFor } from "../helpers/wait-for";

let gateway: SandboxGateway;
let db: TestDb;
let sync: GatewaySync;
let dispose: (() => Promise<void>) | undefined;

function addRoute(i: number) {
  const s = gateway.store.insert("services", { name: `svc-${i}`, host: `backend-${i}.example.com`, port: 80 });
  gateway.store.insert("routes", { name: `route-${i}`, paths: [`/r${i}`], service: { id: s.id } });
}
const routeRequests = () => gateway.faults.requests.filter((r) => r.path.startsWith("/routes"));
const liveNames = async () =>
  (await db.pool.query<{ name: string }>("SELECT name FROM apis WHERE gone_at IS NULL ORDER BY name")).rows.map((r) => r.name);

beforeAll(async () => {
  gateway = await startSandboxGateway({ port: 0 });
  addRoute(0);
  ({ db, sync, dispose } = await startGatewayWorker(gateway, { timeoutMs: 5000, intervalMs: 3600000 }));
}, 90_000);

afterAll(async () => {
  await dispose?.();
  await gateway?.stop();
});

describe("gateway resync during a poll", () => {
  it("polls once more after the running poll, not beside it, and what changed meanwhile shows", async () => {
    await waitFor(liveNames, (n) => n.length === 1, { what: "the first route in the catalog" });
    const before = routeRequests().length;
    gateway.faults.add({ pathPrefix: "/routes", method: "GET", times: 1, action: { type: "delay", ms: 400 } });
    sync.resync();
    await gateway.faults.waitForRequests(before + 1, { pathPrefix: "/routes" }); // the slow poll is reading routes
    addRoute(1); // after that poll read its routes: only a later poll can see it
    sync.resync();
    sync.resync(); // asked twice: still one more poll

    await gateway.faults.waitForRequests(before + 2, { pathPrefix: "/routes" });
    const first = routeRequests()[before];
    expect(first.status, "the first poll's /routes had been answered when the next poll began").toBe(200);
    await waitFor(liveNames, (n) => n.length === 2, { what: "the route added during the slow poll" });
    expect(sync.stats.failures).toBe(0);
  });
});
