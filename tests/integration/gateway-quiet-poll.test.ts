// A poll of a gateway that did not change costs little: in database mode the raw answers are
// fingerprinted and nothing is validated or compared when they are the same; a DB-less node's
// configuration_hash (GET /status, as Kong reports it) ends the poll after one request. Any change
// is still applied on the next poll. Against the sandbox gateway in both modes, with a real worker.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KongError } from "../../lib/kong/errors";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { catalogSnapshot, configurationHash } from "../../lib/kong";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { GatewaySync } from "../../lib/sync/gateway-sync";
import { freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

let gateway: SandboxGateway | undefined;
let db: TestDb | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop();
  await gateway?.stop();
  await db?.dispose();
  worker = gateway = db = undefined;
});

function declarative(n: number) {
  return {
    _format_version: "3.0",
    services: Array.from({ length: n }, (_, i) => ({ name: `svc-${i}`, host: `b-${i}.example.com`, routes: [{ name: `route-${i}`, paths: [`/r${i}`] }] })),
  };
}

async function syncWith(g: SandboxGateway, onWork?: (entities: number) => void): Promise<{ sync: GatewaySync; database: TestDb; w: Worker }> {
  const database = await freshDb("pglite");
  let sync!: GatewaySync;
  const w = startWorker({
    db: database,
    clusters: [],
    gateways: [
      {
        name: "edge",
        endpoint: g.url,
        create: (tracker, index) => (sync = new GatewaySync(tracker, index, { target: { name: "edge", adminUrl: g.url, retries: 0 }, proxyUrl: "http://edge.example.com", intervalMs: 100, jitter: 0, onWork })),
      },
    ],
    deletion: { threshold: 1, minCount: 10, graceMs: 600_000 },
    statusIntervalMs: 50,
  });
  await w.waitSynced(60_000);
  return { sync, database, w };
}
const live = async (d: TestDb) => (await d.pool.query("SELECT name FROM apis WHERE gone_at IS NULL ORDER BY name")).rows.map((r) => r.name as string);

describe("quiet gateway polls", { timeout: 120_000 }, () => {
  it("catalogSnapshot: the same raw answers give the same fingerprint and no entities; a change gives new ones", async () => {
    gateway = await startSandboxGateway({ port: 0 });
    const s = gateway.store.insert("services", { name: "a", host: "a.example.com" });
    gateway.store.insert("routes", { name: "ra", paths: ["/a"], service: { id: s.id } });
    const target = { name: "edge", adminUrl: gateway.url };
    const first = await catalogSnapshot(target, null);
    expect(first.unchanged).toBe(false);
    if (first.unchanged) return;
    expect([first.services.length, first.routes.length]).toEqual([1, 1]);
    expect(await catalogSnapshot(target, first.fingerprint)).toEqual({ unchanged: true, fingerprint: first.fingerprint });
    gateway.store.update("routes", "ra", { paths: ["/a2"] });
    const changed = await catalogSnapshot(target, first.fingerprint);
    expect(changed.unchanged).toBe(false);
    if (!changed.unchanged) expect(changed.routes[0].paths).toEqual(["/a2"]);
  });

  it("catalogSnapshot with the last applied poll's memo: unchanged pages are not parsed; a change reads only its page", async () => {
    gateway = await startSandboxGateway({ port: 0 });
    const svc = gateway.store.insert("services", { name: "a", host: "a.example.com" });
    // 2,500 routes: three pages of Kong's 1,000
    for (let i = 0; i < 2500; i++) gateway.store.insert("routes", { name: `r${i}`, paths: [`/r${i}`], service: { id: svc.id }, tags: ["k8s-kind:Ingress", "k8s-namespace:ns", `k8s-name:i${i}`] });
    const target = { name: "edge", adminUrl: gateway.url };
    const first = await catalogSnapshot(target, null);
    if (first.unchanged) throw new Error("a first read cannot be unchanged");
    expect([first.services.length, first.routes.length]).toEqual([1, 2500]);
    expect(first.kept).toEqual({ services: [], routes: [], plugins: [] });
    expect(first.memo.size).toBe(5); // services 1 page, routes 3, plugins 1
    const memo = first.memo;
    const parse = vi.spyOn(JSON, "parse");
    const pageParses = () => parse.mock.calls.filter(([text]) => typeof text === "string" && text.includes('"data":[')).length;
    try {
      expect(await catalogSnapshot(target, first.fingerprint, { memo })).toEqual({ unchanged: true, fingerprint: first.fingerprint });
      expect(pageParses()).toBe(0);
      // without the memo, the same poll parses every page to find the next one
      await catalogSnapshot(target, first.fingerprint);
      expect(pageParses()).toBe(5);
      parse.mockClear();
      gateway.store.update("routes", "r2499", { paths: ["/moved"] });
      const changed = await catalogSnapshot(target, first.fingerprint, { memo });
      if (changed.unchanged) throw new Error("the change was not seen");
      // only the routes' last page was parsed and returned; the others' entities are named by id
      expect(pageParses()).toBe(1);
      expect(changed.services).toEqual([]);
      // the page r2499 is on (Kong orders a listing by id: 1,000 or the last 500)
      expect([500, 1000]).toContain(changed.routes.length);
      expect(changed.routes.find((r) => r.name === "r2499")?.paths).toEqual(["/moved"]);
      expect(changed.kept.services).toEqual([svc.id]);
      expect(new Set([...changed.kept.routes, ...changed.routes.map((r) => r.id)])).toEqual(new Set(first.routes.map((r) => r.id)));
      expect(changed.kept.routes).toHaveLength(2500 - changed.routes.length);
      expect(changed.memo.size).toBe(5);
      // told which entities the caller holds as they are, the changed page returns only the moved route
      const held = new Map(first.routes.map((r) => [r.id, JSON.stringify(r)]));
      const few = await catalogSnapshot(target, first.fingerprint, { memo, unchanged: { routes: (r) => held.get(r.id) === JSON.stringify(r) } });
      if (few.unchanged) throw new Error("the change was not seen");
      expect([few.routes.map((r) => r.name), few.kept.routes.length, few.read]).toEqual([["r2499"], 2499, changed.routes.length]);
    } finally {
      parse.mockRestore();
    }
  });

  it("catalogSnapshot: a known route page is read again when a service its routes take their origin from changed", async () => {
    gateway = await startSandboxGateway({ port: 0 });
    // KIC 2.x names, no k8s-* tags: the route's origin comes from its service's name
    const svc = gateway.store.insert("services", { name: "shop.api.pnum-80", host: "api.shop.80.svc" });
    const other = gateway.store.insert("services", { name: "other", host: "other.example.com" });
    gateway.store.insert("routes", { name: "shop.storefront.00", paths: ["/shop"], service: { id: svc.id } });
    const target = { name: "edge", adminUrl: gateway.url };
    const first = await catalogSnapshot(target, null);
    if (first.unchanged) throw new Error("a first read cannot be unchanged");
    expect([...first.memo.values()].find((n) => n.serviceIds)?.serviceIds).toBe(svc.id);
    // what the caller says (the worker compares backend hints): here, a change of name
    const names = new Map(first.services.map((s) => [s.id, s.name]));
    const serviceChanged = (s: { id: string; name: string | null }) => names.get(s.id) !== s.name;
    // a service no route reads changes, on the same page: the route page stays unread
    gateway.store.update("services", other.id, { host: "other2.example.com" });
    const a = await catalogSnapshot(target, first.fingerprint, { memo: first.memo, serviceChanged });
    if (a.unchanged) throw new Error("the change was not seen");
    expect([a.routes.length, a.kept.routes.length]).toEqual([0, 1]);
    // the service the route reads changes (what serviceChanged says): its page is read again
    gateway.store.update("services", svc.id, { name: "shop.api.pnum-8080" });
    const b = await catalogSnapshot(target, a.fingerprint, { memo: a.memo, serviceChanged });
    if (b.unchanged) throw new Error("the change was not seen");
    expect(b.routes.map((r) => r.name)).toEqual(["shop.storefront.00"]);
    expect(b.kept.routes).toEqual([]);
  });

  /** catalogSnapshot through a proxy in front of the Admin API that answers /routes with `body`; the error it rejects with. */
  async function snapshotError(contentType: string, body: string): Promise<unknown> {
    gateway = await startSandboxGateway({ port: 0 });
    const proxy = http.createServer(async (req, res) => {
      if (req.url?.startsWith("/routes")) return void res.writeHead(200, { "content-type": contentType }).end(body);
      try {
        const up = await fetch(`${gateway!.url}${req.url}`);
        res.writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "application/json" }).end(Buffer.from(await up.arrayBuffer()));
      } catch {
        res.destroy(); // the poll gave up on its other requests once /routes failed
      }
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const target = { name: "edge", adminUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, retries: 0 };
      return await catalogSnapshot(target, null, { memo: new Map() }).then(
        () => new Error("the snapshot was taken"),
        (e: unknown) => e,
      );
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  }

  it("catalogSnapshot: a page that is not JSON (a proxy's page) is an invalid-response error naming the path, not an empty gateway", async () => {
    const err = await snapshotError("text/html", "<html>maintenance</html>");
    expect(err).toBeInstanceOf(KongError);
    expect(err).toMatchObject({ kind: "invalid-response", path: "/routes", status: 200 });
    expect((err as Error).message).toContain("GET /routes: body is not JSON");
  });

  it("catalogSnapshot: a route with tags that are not strings is an invalid-response error naming the field (the page memo's note does not trip on it)", async () => {
    const route = { id: "6f1c2a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f", name: "r", paths: ["/r"], tags: 5, service: { id: "0b7e3c1a-2d4f-4a6b-9c8d-1e2f3a4b5c6d" } };
    const err = await snapshotError("application/json", JSON.stringify({ data: [route], offset: null, next: null }));
    expect(err).toBeInstanceOf(KongError);
    expect(err).toMatchObject({ kind: "invalid-response", path: "/routes" });
    expect((err as Error).message).toMatch(/tags/);
  });

  it("configurationHash: null in database mode and for an empty DB-less node, Kong's hash once configured", async () => {
    gateway = await startSandboxGateway({ port: 0 });
    expect(await configurationHash({ name: "edge", adminUrl: gateway.url })).toBeNull();
    await gateway.stop();
    gateway = await startSandboxGateway({ port: 0, mode: "dbless" });
    const target = { name: "edge", adminUrl: gateway.url };
    expect(await configurationHash(target)).toBeNull();
    gateway.store.loadConfig(declarative(2));
    const hash = await configurationHash(target);
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    gateway.store.loadConfig(declarative(3));
    expect(await configurationHash(target)).not.toBe(hash);
  });

  it("database mode: unchanged polls apply nothing, a change is synced on the next poll; only polls that read the gateway count as work", async () => {
    gateway = await startSandboxGateway({ port: 0 });
    for (let i = 0; i < 3; i++) {
      const s = gateway.store.insert("services", { name: `svc-${i}`, host: `b-${i}.example.com` });
      gateway.store.insert("routes", { name: `route-${i}`, paths: [`/r${i}`], service: { id: s.id } });
    }
    // what the worker's burst collector is told (lib/runtime/gateway-syncs.ts)
    const work: number[] = [];
    const { sync, database, w } = await syncWith(gateway, (n) => work.push(n));
    [db, worker] = [database, w];
    const polls = sync.stats.polls;
    await waitFor(() => sync.stats.unchanged, (n) => n >= 2, { timeoutMs: 30_000, what: "two unchanged polls" });
    expect(sync.stats.polls).toBeGreaterThan(polls);
    expect(sync.stats.cpuSeconds).toBeGreaterThan(0);
    expect(work).toEqual([6]); // the first poll read 3 services and 3 routes; the unchanged ones nothing
    const s = gateway.store.insert("services", { name: "svc-new", host: "new.example.com" });
    gateway.store.insert("routes", { name: "route-new", paths: ["/new"], service: { id: s.id } });
    await waitFor(() => live(database), (names) => names.includes("route-new"), { timeoutMs: 30_000, what: "the new route in the catalog" });
    expect(work).toEqual([6, 8]);
  });

  it("database mode: a changed poll reads only the changed pages; entities on the others stay, one that vanished goes", async () => {
    gateway = await startSandboxGateway({ port: 0 });
    const svc = gateway.store.insert("services", { name: "a", host: "a.example.com" });
    // two pages of routes (Kong's pages hold 1,000)
    for (let i = 0; i < 1100; i++) gateway.store.insert("routes", { name: `r${i}`, paths: [`/r${i}`], service: { id: svc.id } });
    const work: number[] = [];
    const { sync, database, w } = await syncWith(gateway, (n) => work.push(n));
    [db, worker] = [database, w];
    expect(work).toEqual([1101]);
    expect(sync.status().counts).toMatchObject({ KongService: 1, KongRoute: 1100 });
    // Kong lists by id: the first route of the listing is on the first page, the last on the second
    const listed = gateway.store.list("routes");
    const [firstRoute, lastRoute] = [listed[0], listed[listed.length - 1]];
    const routeRow = (id: string) => database.pool.query(`SELECT data, gone_at FROM source_objects WHERE kind = 'KongRoute' AND name = $1`, [id]).then((r) => r.rows[0]);
    // a route of the first page changes: that page alone is read; the service and the second page's routes stay
    gateway.store.update("routes", firstRoute.id, { paths: ["/moved"] });
    await waitFor(() => routeRow(firstRoute.id), (row) => row?.data.paths[0] === "/moved", { timeoutMs: 30_000, what: "the moved route" });
    expect(work[1]).toBe(1000);
    expect(sync.status().counts).toMatchObject({ KongService: 1, KongRoute: 1100 });
    // a route of the second page goes: that page alone is read; the first page's routes stay
    gateway.store.remove("routes", lastRoute.id);
    await waitFor(() => routeRow(lastRoute.id), (row) => row?.gone_at != null, { timeoutMs: 30_000, what: "the removed route gone" });
    expect(work[2]).toBe(99);
    expect(sync.status().counts).toMatchObject({ KongService: 1, KongRoute: 1099 });
    const live = await database.pool.query(`SELECT kind, count(*)::int AS n FROM source_objects WHERE gone_at IS NULL GROUP BY kind ORDER BY kind`);
    expect(live.rows).toEqual([
      { kind: "KongRoute", n: 1099 },
      { kind: "KongService", n: 1 },
    ]);
  });

  it("database mode: a route whose origin is read from its service follows that service, though its own page did not change", async () => {
    gateway = await startSandboxGateway({ port: 0 });
    // KIC 2.x names, no k8s-* tags: the route's Ingress is read from its name and its service's
    const svc = gateway.store.insert("services", { name: "shop.api.pnum-80", host: "api.shop.80.svc" });
    const other = gateway.store.insert("services", { name: "other", host: "other.example.com" });
    const route = gateway.store.insert("routes", { name: "shop.storefront.00", paths: ["/shop"], service: { id: svc.id } });
    const work: number[] = [];
    const { sync, database, w } = await syncWith(gateway, (n) => work.push(n));
    [db, worker] = [database, w];
    const origin = () => database.pool.query(`SELECT data->'origin' AS o FROM source_objects WHERE kind = 'KongRoute' AND name = $1`, [route.id]).then((r) => r.rows[0]?.o ?? null);
    expect(await origin()).toEqual({ kind: "Ingress", namespace: "shop", name: "storefront" });
    // another service changes: its page is read, the route's is not
    gateway.store.update("services", other.id, { host: "other2.example.com" });
    await waitFor(() => work.length, (n) => n >= 2, { timeoutMs: 30_000, what: "a changed poll" });
    expect(work[1]).toBe(2);
    // the route's service moves to another namespace: the route is read again and loses its Ingress
    gateway.store.update("services", svc.id, { name: "billing.api.pnum-80", host: "api.billing.80.svc" });
    await waitFor(origin, (o) => o === null, { timeoutMs: 30_000, what: "the route's origin to follow its service" });
    expect(work[2]).toBe(3);
    expect(sync.status().counts).toMatchObject({ KongService: 2, KongRoute: 1 });
  });

  it("DB-less: an unchanged configuration_hash ends the poll after GET /status; a new configuration is synced", async () => {
    gateway = await startSandboxGateway({ port: 0, mode: "dbless" });
    gateway.store.loadConfig(declarative(2));
    const { sync, database, w } = await syncWith(gateway);
    [db, worker] = [database, w];
    await waitFor(() => sync.stats.unchanged, (n) => n >= 2, { timeoutMs: 30_000, what: "two unchanged polls" });
    const g = gateway;
    const routesRead = () => g.faults.requests.filter((r) => r.path.startsWith("/routes")).length;
    const statusRead = () => g.faults.requests.filter((r) => r.path === "/status").length;
    const [routesBefore, statusBefore] = [routesRead(), statusRead()];
    await waitFor(() => statusRead(), (n) => n >= statusBefore + 3, { timeoutMs: 30_000, what: "three more polls" });
    expect(routesRead()).toBe(routesBefore);
    g.store.loadConfig(declarative(3));
    await waitFor(() => live(database), (names) => names.includes("route-2"), { timeoutMs: 30_000, what: "the new route in the catalog" });
    expect(routesRead()).toBeGreaterThan(routesBefore);
  });
});
