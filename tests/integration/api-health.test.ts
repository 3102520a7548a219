// Health probes through the whole path: the worker syncs the sandbox cluster and gateway (with
// its proxy), UserMgr's Service gets `signpost.dev/probe-path`, and probe rounds find it
// answering, then failing once its EndpointSlice has no ready endpoint (the sandbox proxy
// answers Kong's 503), then answering again: one api.health_changed event per change, none for
// a round that finds the same state. A bad annotation is failing with the reason; a removed
// one forgets the health. Kong's target health of the upstream behind UserMgr's route is read.
// Only the holder of the sync lease probes or writes.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { podResolverFor, startSandboxIngressController } from "../../lib/sandbox/kic";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig, type TGatewayConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { getApi } from "../../lib/catalog/get-api";
import { findApis } from "../../lib/catalog/find-apis";
import { apiFacets } from "../../lib/catalog/api-facets";
import { ZApiListQuery } from "../../lib/api/schemas/api";
import { runProbeRound } from "../../lib/health/run-probe-round";
import { pollUpstreamHealth, UPSTREAM_LISTING_MAX_AGE_MS, type UpstreamListings } from "../../lib/health/poll-upstream-health";
import { recordProbe } from "../../lib/health/record-probe";
import { loadProbeTargets } from "../../lib/health/probe-targets";
import type { ProbeSettings } from "../../lib/health/probe-settings";
import { LeaseLostError } from "../../lib/sync/sync-writer";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

type Diff = { before: { health: string; status: number | null } | null; after: { health: string; status: number | null; error: string | null } };

describe.each(dbKinds())("API health probes on %s", (kind) => {
  let cluster: SandboxCluster;
  let gateway: SandboxGateway;
  let kic: { stop(): void };
  let db: TestDb;
  let worker: Worker;
  let dir: string;
  let gw: TGatewayConfig;
  let settings: ProbeSettings;
  let usermgr: string;
  let ordermgr: string;

  const svc = (name: string) => ({ apiVersion: "v1", kind: "Service", namespace: "shop", name });
  const annotate = (name: string, value: string | null) => cluster.store.patch(svc(name), { metadata: { annotations: { "signpost.dev/probe-path": value } } });
  const healthEvents = async (api: string) =>
    (await db.pool.query<{ diff: Diff }>(`SELECT diff FROM change_events WHERE type = 'api.health_changed' AND api_id = $1 ORDER BY id`, [api])).rows.map((r) => r.diff);
  const round = () => runProbeRound(db.pool, settings, worker.id);
  const annotated = (id: string, value: string | undefined) =>
    waitFor(() => db.pool.query<{ v: string | null }>(`SELECT annotations->>'signpost.dev/probe-path' AS v FROM apis WHERE id = $1`, [id]).then((r) => r.rows[0]?.v ?? undefined), (v) => v === value, { timeoutMs: 15_000, what: `the annotation ${value} on the API` });
  /** Marks every endpoint of UserMgr's EndpointSlice ready or not. */
  const setReady = (ready: boolean) => {
    const slice = cluster.store.list({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", namespace: "shop" }).items.find((s) => s.metadata.labels?.["kubernetes.io/service-name"] === "usermgr")!;
    cluster.store.update({ ...slice, endpoints: slice.endpoints.map((e: { conditions: object }) => ({ ...e, conditions: { ...e.conditions, ready } })) });
  };
  /** Rounds until UserMgr is in `state` (the sandbox controller follows the cluster within its debounce). */
  const until = (state: string) =>
    waitFor(async () => (await round(), (await getApi(db.prisma, usermgr)).health), (h) => h?.state === state, { timeoutMs: 15_000, intervalMs: 50, what: `usermgr ${state}` });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-health-"));
    cluster = await startSandboxCluster({ port: 0 });
    gateway = await startSandboxGateway({ port: 0, proxy: { port: 0, resolvePod: podResolverFor(cluster.store) } });
    kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 10 });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    db = await freshDb(kind);
    const config = loadConfig({});
    gw = { name: "sandbox", adminUrl: gateway.url, proxyUrl: `http://localhost:${gateway.proxy!.port}`, cluster: "sandbox" };
    worker = startWorker({
      db,
      clusters: loadClusters(config, { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
      gateways: gatewaySyncs(config, [gw], 100),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 },
      statusIntervalMs: 50,
    });
    await worker.waitSynced(20_000);
    settings = { intervalMs: 1000, timeoutMs: 2000, concurrency: 4, gateways: [gw], allow: "localhost" };
    const id = (key: string) => db.pool.query<{ id: string }>(`SELECT id FROM apis WHERE key = $1`, [key]).then((r) => r.rows[0].id);
    usermgr = await id("k8s:sandbox/shop/usermgr");
    ordermgr = await id("k8s:sandbox/shop/ordermgr");
    // UserMgr's route is linked (a Gateway exposure) once the gateway poll saw KIC's entities.
    await waitFor(() => getApi(db.prisma, usermgr), (a) => a.exposures.some((e) => e.mode === "Gateway" && e.status === "ready"), { timeoutMs: 20_000, what: "usermgr's gateway address" });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    kic?.stop();
    await Promise.all([cluster?.stop(), gateway?.stop()]);
    await db?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const catalogVersion = async () => Number((await db.pool.query<{ v: string }>("SELECT version AS v FROM catalog_version")).rows[0].v);

  it("probes nothing while no API has a probe path: health is null, and the catalog version (lists kept in memory) does not move", async () => {
    const version = await catalogVersion();
    expect(await round()).toMatchObject({ probed: 0, changed: 0, forgotten: 0 });
    expect((await getApi(db.prisma, usermgr)).health).toBeNull();
    expect(await catalogVersion()).toBe(version);
  });

  it("finds UserMgr answering at its probe path, with one event, and lists it the same way", async () => {
    annotate("usermgr", "/healthz");
    await annotated(usermgr, "/healthz");
    await until("answering");
    const health = (await getApi(db.prisma, usermgr)).health!;
    expect(health).toMatchObject({ state: "answering", path: "/healthz", url: "http://api.shop.example/users/healthz", status: 200, error: null });
    expect(health.answeredBy).toMatchObject({ service: "usermgr", namespace: "shop", pod: expect.stringMatching(/^usermgr-/) });
    expect(health.since).toBe(health.checkedAt);
    expect(await healthEvents(usermgr)).toEqual([{ before: null, after: { health: "answering", status: 200, error: null } }]);
    // the list splices the same object (built in SQL) into its documents
    const listed = (await findApis(db.pool, ZApiListQuery.parse({ q: "usermgr" }))).data.find((a) => a.id === usermgr)!;
    expect(listed.health).toEqual(health);
    const facets = await apiFacets(db.pool, ZApiListQuery.parse({}));
    expect(facets.health).toEqual([{ value: "answering", count: 1 }]);
    expect((await findApis(db.pool, ZApiListQuery.parse({ health: "answering" }))).data.map((a) => a.name)).toEqual(["usermgr"]);
    expect((await findApis(db.pool, ZApiListQuery.parse({ health: "failing" }))).data).toEqual([]);
  });

  it("a round that finds the same state appends no event and keeps since", async () => {
    const before = (await getApi(db.prisma, usermgr)).health!;
    expect(await round()).toMatchObject({ probed: 1, answering: 1, changed: 0 });
    const after = (await getApi(db.prisma, usermgr)).health!;
    expect(after.since).toBe(before.since);
    expect(Date.parse(after.checkedAt)).toBeGreaterThanOrEqual(Date.parse(before.checkedAt));
    expect(await healthEvents(usermgr)).toHaveLength(1);
  });

  it("turns failing once the Service has no ready endpoint (Kong's 503), with exactly one event, then answering again", async () => {
    const answeringSince = (await getApi(db.prisma, usermgr)).health!.since;
    setReady(false);
    const failing = await until("failing");
    // Kong answered itself (its Server header), no pod did
    expect(failing).toMatchObject({ status: 503, error: "answered 503: failure to get a peer from the ring-balancer", answeredBy: { server: "kong/3.9.1" } });
    expect(Date.parse(failing!.since)).toBeGreaterThan(Date.parse(answeringSince));
    expect(await round()).toMatchObject({ failing: 1, changed: 0 });
    expect((await getApi(db.prisma, usermgr)).health!.since).toBe(failing!.since);
    expect((await healthEvents(usermgr)).slice(1)).toEqual([
      { before: { health: "answering", status: 200, error: null }, after: { health: "failing", status: 503, error: "answered 503: failure to get a peer from the ring-balancer" } },
    ]);
    setReady(true);
    await until("answering");
    await round();
    expect((await healthEvents(usermgr)).map((d) => d.after.health)).toEqual(["answering", "failing", "answering"]);
  });

  it("reads Kong's target health of the upstream behind UserMgr's route", async () => {
    expect(await pollUpstreamHealth(db.pool, settings, worker.id)).toMatchObject({ gateways: 1, failed: 0 });
    const ups = (await getApi(db.prisma, usermgr)).upstreamHealth;
    expect(ups).toHaveLength(1);
    expect(ups[0]).toMatchObject({ gateway: "sandbox", upstream: expect.stringContaining("usermgr.shop"), error: null });
    expect(ups[0].targets.length).toBeGreaterThan(0);
    // KIC's upstreams use no health checks: Kong reports them off, per address too
    for (const t of ups[0].targets) expect(t).toMatchObject({ target: expect.stringMatching(/:\d+$/), health: "HEALTHCHECKS_OFF", addresses: [expect.objectContaining({ health: "HEALTHCHECKS_OFF" })] });
  });

  it("forgets the health of upstreams no gateway service of a live API points at, and keeps the others", async () => {
    await pollUpstreamHealth(db.pool, settings, worker.id);
    const names = async () => (await db.pool.query<{ name: string }>(`SELECT name FROM upstream_health WHERE gateway = 'sandbox' ORDER BY name`)).rows.map((r) => r.name);
    const kept = await names();
    expect(kept.length).toBeGreaterThan(0);
    await db.pool.query(`INSERT INTO upstream_health (gateway, name, upstream_id, targets, checked_at) VALUES ('sandbox', 'retired.shop.80.svc', 'u-retired', '[]'::jsonb, now())`);
    expect(await names()).toContain("retired.shop.80.svc");
    // a round that reads none of them (no budget): the rows kept are kept by the forgetting alone
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, { uncheckedPerRound: 0 })).toMatchObject({ upstreams: 0 });
    expect(await names()).toEqual(kept);
  });

  it("reads upstreams without health checks a few per round, longest unread first; one with checks every round", async () => {
    const rows = async () =>
      new Map((await db.pool.query<{ name: string; at: Date }>(`SELECT name, checked_at AS at FROM upstream_health WHERE gateway = 'sandbox'`)).rows.map((r) => [r.name, r.at.getTime()]));
    const ups = (await fetch(`${gateway.url}/upstreams`).then((r) => r.json())) as { data: { id: string; name: string }[] };
    expect(ups.data.length).toBeGreaterThanOrEqual(2);
    await db.pool.query(`DELETE FROM upstream_health`);
    const one = { uncheckedPerRound: 1 };
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, one)).toMatchObject({ upstreams: 1, failed: 0 });
    const first = await rows();
    expect(first.size).toBe(1);
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, one)).toMatchObject({ upstreams: 1 });
    const second = await rows();
    expect(second.size).toBe(2);
    // the first one read is now the longest unread: read again, the other kept as it was
    const [readFirst] = [...first.keys()];
    const other = [...second.keys()].find((n) => n !== readFirst)!;
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, one)).toMatchObject({ upstreams: 1 });
    const third = await rows();
    expect(third.get(readFirst)!).toBeGreaterThan(second.get(readFirst)!);
    expect(third.get(other)).toBe(second.get(other));
    // an upstream with active health checks is read every round, besides the unchecked budget
    const checked = ups.data.find((u) => u.name === other)!;
    const patched = await fetch(`${gateway.url}/upstreams/${checked.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ healthchecks: { active: { healthy: { interval: 5 } } } }) });
    expect(patched.status).toBe(200);
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, one)).toMatchObject({ upstreams: 2 });
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, { uncheckedPerRound: 0 })).toMatchObject({ upstreams: 1 });
    await fetch(`${gateway.url}/upstreams/${checked.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ healthchecks: { active: { healthy: { interval: 0 } } } }) });
  });

  it("keeps the gateway's upstream listing between rounds; lists again when it is old, does not cover a wanted host, or a read failed", async () => {
    const listings: UpstreamListings = new Map();
    let now = 1_000_000;
    // a listing reports how many upstreams it read (the worker's burst collector counts them)
    const listed: number[] = [];
    const o = { listings, now: () => now, uncheckedPerRound: 1, onListed: (n: number) => listed.push(n) };
    const lists = () => gateway.faults.requests.filter((r) => r.method === "GET" && /^\/upstreams(\?|$)/.test(r.path)).length;
    const reads = () => gateway.faults.requests.filter((r) => /^\/upstreams\/[^/]+\/health/.test(r.path)).length;
    gateway.faults.resetRequests();
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, o)).toMatchObject({ upstreams: 1, failed: 0 });
    expect([lists(), reads()]).toEqual([1, 1]);
    const all = ((await fetch(`${gateway.url}/upstreams`).then((r) => r.json())) as { data: unknown[] }).data.length;
    expect(listed).toEqual([all]);
    // the next round reads with the kept listing: the health read only
    gateway.faults.resetRequests();
    now += 60_000;
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, o)).toMatchObject({ upstreams: 1, failed: 0 });
    expect([lists(), reads()]).toEqual([0, 1]);
    expect(listed).toEqual([all]);
    // health checks set on an upstream show at the next listing, five minutes after the last
    const ups = (await fetch(`${gateway.url}/upstreams`).then((r) => r.json())) as { data: { id: string; name: string }[] };
    const checked = ups.data[0];
    const set = (interval: number) =>
      fetch(`${gateway.url}/upstreams/${checked.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ healthchecks: { active: { healthy: { interval } } } }) });
    expect((await set(5)).status).toBe(200);
    try {
      expect(await pollUpstreamHealth(db.pool, settings, worker.id, { ...o, uncheckedPerRound: 0 })).toMatchObject({ upstreams: 0 });
      gateway.faults.resetRequests();
      now += UPSTREAM_LISTING_MAX_AGE_MS;
      expect(await pollUpstreamHealth(db.pool, settings, worker.id, { ...o, uncheckedPerRound: 0 })).toMatchObject({ upstreams: 1 });
      expect(lists()).toBe(1);
    } finally {
      await set(0);
    }
    // hosts the listing does not cover (services added or changed since): a few are looked up one
    // by one and added to it; more than lookupsPerRound, and the gateway is listed again
    const listing = listings.get("sandbox")!;
    const covered = listing.upstreams.split("\n").map((l) => l.split("\t")[0]);
    expect(covered.length).toBeGreaterThanOrEqual(2);
    const lookups = () => gateway.faults.requests.filter((r) => /^\/upstreams\/[^/?]+$/.test(r.path)).map((r) => decodeURIComponent(r.path.split("/")[2]));
    listing.upstreams = "";
    gateway.faults.resetRequests();
    await pollUpstreamHealth(db.pool, settings, worker.id, o);
    expect([lists(), lookups().sort()]).toEqual([0, [...covered].sort()]);
    expect(listing.upstreams.split("\n").map((l) => l.split("\t")[0]).sort()).toEqual([...covered].sort());
    gateway.faults.resetRequests();
    await pollUpstreamHealth(db.pool, settings, worker.id, o);
    expect([lists(), lookups()]).toEqual([0, []]);
    listing.upstreams = "";
    gateway.faults.resetRequests();
    await pollUpstreamHealth(db.pool, settings, worker.id, { ...o, lookupsPerRound: covered.length - 1 });
    expect([lists(), lookups()]).toEqual([1, []]);
    // a lookup Kong fails (three 500s: the request and the client's two retries): the gateway is
    // listed instead, and the round reads as usual
    listings.get("sandbox")!.upstreams = "";
    gateway.faults.add({ method: "GET", pathPrefix: `/upstreams/${covered[0]}`, times: 3, action: { type: "status", status: 500 } });
    gateway.faults.resetRequests();
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, o)).toMatchObject({ failed: 0, upstreams: 1 });
    expect(lists()).toBe(1);
    // a read that failed (the upstream may be gone): the next round lists again
    gateway.faults.add({ method: "GET", pathPrefix: "/upstreams/", times: 1, action: { type: "status", status: 404 } });
    expect(await pollUpstreamHealth(db.pool, settings, worker.id, o)).toMatchObject({ failed: 1 });
    gateway.faults.resetRequests();
    await pollUpstreamHealth(db.pool, settings, worker.id, o);
    expect(lists()).toBe(1);
    gateway.faults.resetRequests();
    await pollUpstreamHealth(db.pool, settings, worker.id, o);
    expect(lists()).toBe(0);
  });

  it("asks before each request to the gateway whether the catalog's writes may go first (writesFirst)", async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const writesFirst = () => (calls++, gate);
    gateway.faults.resetRequests();
    const running = pollUpstreamHealth(db.pool, settings, worker.id, { writesFirst, uncheckedPerRound: 2 });
    await waitFor(async () => calls, (n) => n >= 1, { timeoutMs: 5000, what: "the first request waiting" });
    // waiting: not one request to the gateway yet
    expect(gateway.faults.requests.filter((r) => r.path.startsWith("/upstreams"))).toEqual([]);
    release();
    const round = (await running)!;
    expect(round.upstreams).toBeGreaterThanOrEqual(1);
    const sent = gateway.faults.requests.filter((r) => r.path.startsWith("/upstreams")).length;
    // one call per page of the listing and per health read
    expect(calls).toBe(sent);
  });

  it("a bad annotation is failing with a reason naming it; a removed one forgets the health", async () => {
    annotate("ordermgr", "healthz");
    await annotated(ordermgr, "healthz");
    await round();
    expect((await getApi(db.prisma, ordermgr)).health).toMatchObject({ state: "failing", url: null, status: null, error: 'signpost.dev/probe-path "healthz" must start with "/" (a path below the API\'s address, e.g. /healthz)' });
    annotate("ordermgr", null);
    await annotated(ordermgr, undefined);
    expect(await round()).toMatchObject({ forgotten: 1 });
    expect((await getApi(db.prisma, ordermgr)).health).toBeNull();
  });

  it("writes a round's verdicts together: the catalog version moves once for several probed APIs", async () => {
    annotate("ordermgr", "/healthz");
    await annotated(ordermgr, "/healthz");
    await waitFor(async () => (await round(), (await getApi(db.prisma, ordermgr)).health), (h) => h !== null, { timeoutMs: 15_000, intervalMs: 50, what: "ordermgr probed" });
    const version = await catalogVersion();
    const r = await round();
    expect(r).toMatchObject({ probed: 2, unsaved: 0 });
    expect(await catalogVersion()).toBe(version + 1);
    annotate("ordermgr", null);
    await annotated(ordermgr, undefined);
    expect(await round()).toMatchObject({ probed: 1, forgotten: 1 });
  });

  it("a worker that does not hold the sync lease sends no probe and writes nothing", async () => {
    let calls = 0;
    const proxy = http.createServer((_req, res) => {
      calls++;
      res.end("{}");
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const elsewhere = { ...settings, gateways: [{ ...gw, proxyUrl: `http://127.0.0.1:${port}` }], allow: "127.0.0.1" };
      const rows = async () => (await db.pool.query(`SELECT api_id, checked_at FROM api_health ORDER BY api_id`)).rows;
      const stored = await rows();
      expect(await runProbeRound(db.pool, elsewhere, "not-the-holder")).toBeNull();
      expect(await pollUpstreamHealth(db.pool, elsewhere, "not-the-holder")).toBeNull();
      const [target] = await loadProbeTargets(db.pool);
      await expect(recordProbe({ pool: db.pool, holder: "not-the-holder" }, target, { state: "failing", url: null, status: null, latencyMs: null, error: "x", answeredBy: null })).rejects.toThrow(LeaseLostError);
      expect(calls).toBe(0);
      expect(await rows()).toEqual(stored);
      // the holder itself probes through the same settings
      expect(await runProbeRound(db.pool, elsewhere, worker.id)).toMatchObject({ probed: 1 });
      expect(calls).toBe(1);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
