// Health probes through the whole path: the worker syncs the sandbox cluster and gateway (with
// its proxy), UserMgr's Service gets `signpost.dev/probe-path`, and probe rounds find it
// answering, then failing once its EndpointSlice has no ready endpoint (the sandbox proxy
// answers Kong's 503), then answering again: one api.health_changed event per change, none for
// a round that finds the same state. A bad annotation is failing with the reason; a removed
// one forgets the health. Only the holder of the sync lease probes or writes. Kong's upstream
// health is upstream-health.test.ts, on the same stack (tests/helpers/health-stack.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { getApi } from "../../lib/catalog/get-api";
import { findApis } from "../../lib/catalog/find-apis";
import { apiFacets } from "../../lib/catalog/api-facets";
import { ZApiListQuery } from "../../lib/api/schemas/api";
import { runProbeRound } from "../../lib/health/run-probe-round";
import { pollUpstreamHealth } from "../../lib/health/poll-upstream-health";
import { recordProbe } from "../../lib/health/record-probe";
import { loadProbeTargets } from "../../lib/health/probe-targets";
import { LeaseLostError } from "../../lib/sync/sync-writer";
import { dbKinds } from "../helpers/db";
import { healthStack } from "../helpers/health-stack";
import { waitFor } from "../helpers/wait-for";

type Diff = { before: { health: string; status: number | null } | null; after: { health: string; status: number | null; error: string | null } };

describe.each(dbKinds())("API health probes on %s", (kind) => {
  const s = healthStack(kind);
  const svc = (name: string) => ({ apiVersion: "v1", kind: "Service", namespace: "shop", name });
  const annotate = (name: string, value: string | null) => s.cluster.store.patch(svc(name), { metadata: { annotations: { "signpost.dev/probe-path": value } } });
  const healthEvents = async (api: string) =>
    (await s.db.pool.query<{ diff: Diff }>(`SELECT diff FROM change_events WHERE type = 'api.health_changed' AND api_id = $1 ORDER BY id`, [api])).rows.map((r) => r.diff);
  const round = () => runProbeRound(s.db.pool, s.settings, s.worker.id);
  const annotated = (id: string, value: string | undefined) =>
    waitFor(() => s.db.pool.query<{ v: string | null }>(`SELECT annotations->>'signpost.dev/probe-path' AS v FROM apis WHERE id = $1`, [id]).then((r) => r.rows[0]?.v ?? undefined), (v) => v === value, { timeoutMs: 15_000, what: `the annotation ${value} on the API` });
  /** Marks every endpoint of UserMgr's EndpointSlice ready or not. */
  const setReady = (ready: boolean) => {
    const slice = s.cluster.store.list({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", namespace: "shop" }).items.find((e) => e.metadata.labels?.["kubernetes.io/service-name"] === "usermgr")!;
    s.cluster.store.update({ ...slice, endpoints: slice.endpoints.map((e: { conditions: object }) => ({ ...e, conditions: { ...e.conditions, ready } })) });
  };
  /** Rounds until UserMgr is in `state` (the sandbox controller follows the cluster within its debounce). */
  const until = (state: string) =>
    waitFor(async () => (await round(), (await getApi(s.db.prisma, s.usermgr)).health), (h) => h?.state === state, { timeoutMs: 15_000, intervalMs: 50, what: `usermgr ${state}` });

  const catalogVersion = async () => Number((await s.db.pool.query<{ v: string }>("SELECT version AS v FROM catalog_version")).rows[0].v);

  it("probes nothing while no API has a probe path: health is null, and the catalog version (lists kept in memory) does not move", async () => {
    const version = await catalogVersion();
    expect(await round()).toMatchObject({ probed: 0, changed: 0, forgotten: 0 });
    expect((await getApi(s.db.prisma, s.usermgr)).health).toBeNull();
    expect(await catalogVersion()).toBe(version);
  });

  it("finds UserMgr answering at its probe path, with one event, and lists it the same way", async () => {
    annotate("usermgr", "/healthz");
    await annotated(s.usermgr, "/healthz");
    await until("answering");
    const health = (await getApi(s.db.prisma, s.usermgr)).health!;
    expect(health).toMatchObject({ state: "answering", path: "/healthz", url: "http://api.shop.example/users/healthz", status: 200, error: null });
    expect(health.answeredBy).toMatchObject({ service: "usermgr", namespace: "shop", pod: expect.stringMatching(/^usermgr-/) });
    expect(health.since).toBe(health.checkedAt);
    expect(await healthEvents(s.usermgr)).toEqual([{ before: null, after: { health: "answering", status: 200, error: null } }]);
    // the list splices the same object (built in SQL) into its documents
    const listed = (await findApis(s.db.pool, ZApiListQuery.parse({ q: "usermgr" }))).data.find((a) => a.id === s.usermgr)!;
    expect(listed.health).toEqual(health);
    const facets = await apiFacets(s.db.pool, ZApiListQuery.parse({}));
    expect(facets.health).toEqual([{ value: "answering", count: 1 }]);
    expect((await findApis(s.db.pool, ZApiListQuery.parse({ health: "answering" }))).data.map((a) => a.name)).toEqual(["usermgr"]);
    expect((await findApis(s.db.pool, ZApiListQuery.parse({ health: "failing" }))).data).toEqual([]);
  });

  it("a round that finds the same state appends no event and keeps since", async () => {
    const before = (await getApi(s.db.prisma, s.usermgr)).health!;
    expect(await round()).toMatchObject({ probed: 1, answering: 1, changed: 0 });
    const after = (await getApi(s.db.prisma, s.usermgr)).health!;
    expect(after.since).toBe(before.since);
    expect(Date.parse(after.checkedAt)).toBeGreaterThanOrEqual(Date.parse(before.checkedAt));
    expect(await healthEvents(s.usermgr)).toHaveLength(1);
  });

  it("turns failing once the Service has no ready endpoint (Kong's 503), with exactly one event, then answering again", async () => {
    const answeringSince = (await getApi(s.db.prisma, s.usermgr)).health!.since;
    setReady(false);
    const failing = await until("failing");
    // Kong answered itself (its Server header), no pod did
    expect(failing).toMatchObject({ status: 503, error: "answered 503: failure to get a peer from the ring-balancer", answeredBy: { server: "kong/3.9.1" } });
    expect(Date.parse(failing!.since)).toBeGreaterThan(Date.parse(answeringSince));
    expect(await round()).toMatchObject({ failing: 1, changed: 0 });
    expect((await getApi(s.db.prisma, s.usermgr)).health!.since).toBe(failing!.since);
    expect((await healthEvents(s.usermgr)).slice(1)).toEqual([
      { before: { health: "answering", status: 200, error: null }, after: { health: "failing", status: 503, error: "answered 503: failure to get a peer from the ring-balancer" } },
    ]);
    setReady(true);
    await until("answering");
    await round();
    expect((await healthEvents(s.usermgr)).map((d) => d.after.health)).toEqual(["answering", "failing", "answering"]);
  });

  it("a bad annotation is failing with a reason naming it; a removed one forgets the health", async () => {
    annotate("ordermgr", "healthz");
    await annotated(s.ordermgr, "healthz");
    await round();
    expect((await getApi(s.db.prisma, s.ordermgr)).health).toMatchObject({ state: "failing", url: null, status: null, error: 'signpost.dev/probe-path "healthz" must start with "/" (a path below the API\'s address, e.g. /healthz)' });
    annotate("ordermgr", null);
    await annotated(s.ordermgr, undefined);
    expect(await round()).toMatchObject({ forgotten: 1 });
    expect((await getApi(s.db.prisma, s.ordermgr)).health).toBeNull();
  });

  it("writes a round's verdicts together: the catalog version moves once for several probed APIs", async () => {
    annotate("ordermgr", "/healthz");
    await annotated(s.ordermgr, "/healthz");
    await waitFor(async () => (await round(), (await getApi(s.db.prisma, s.ordermgr)).health), (h) => h !== null, { timeoutMs: 15_000, intervalMs: 50, what: "ordermgr probed" });
    const version = await catalogVersion();
    const r = await round();
    expect(r).toMatchObject({ probed: 2, unsaved: 0 });
    expect(await catalogVersion()).toBe(version + 1);
    annotate("ordermgr", null);
    await annotated(s.ordermgr, undefined);
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
      const elsewhere = { ...s.settings, gateways: [{ ...s.gw, proxyUrl: `http://127.0.0.1:${port}` }], allow: "127.0.0.1" };
      const rows = async () => (await s.db.pool.query(`SELECT api_id, checked_at FROM api_health ORDER BY api_id`)).rows;
      const stored = await rows();
      expect(await runProbeRound(s.db.pool, elsewhere, "not-the-holder")).toBeNull();
      expect(await pollUpstreamHealth(s.db.pool, elsewhere, "not-the-holder")).toBeNull();
      const [target] = await loadProbeTargets(s.db.pool);
      await expect(recordProbe({ pool: s.db.pool, holder: "not-the-holder" }, target, { state: "failing", url: null, status: null, latencyMs: null, error: "x", answeredBy: null })).rejects.toThrow(LeaseLostError);
      expect(calls).toBe(0);
      expect(await rows()).toEqual(stored);
      // the holder itself probes through the same settings
      expect(await runProbeRound(s.db.pool, elsewhere, s.worker.id)).toMatchObject({ probed: 1 });
      expect(calls).toBe(1);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
