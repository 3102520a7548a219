// Scorecards and requirements through the whole sync path: the worker syncs the sandbox cluster
// and gateway, scores every API it writes, and a check that flips (a key-auth plugin added on
// UserMgr's route through the Admin API) emits exactly one api.check_changed event; polls that
// change nothing emit nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { startSandboxIngressController } from "../../lib/sandbox/kic";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { findApis } from "../../lib/catalog/find-apis";
import { getApi } from "../../lib/catalog/get-api";
import { apiFacets } from "../../lib/catalog/api-facets";
import { ZApiListQuery } from "../../lib/api/schemas/api";
import { findTeamScorecards } from "../../lib/scorecards/find-team-scorecards";
import { rescoreStale } from "../../lib/scorecards/rescore-stale";
import { ZScorecardConfig } from "../../lib/scorecards/scorecard-config";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

describe.each(dbKinds())("scorecards and requirements on %s", (kind) => {
  let cluster: SandboxCluster;
  let gateway: SandboxGateway;
  let kic: { stop(): void };
  let db: TestDb;
  let worker: Worker;
  let dir: string;
  let usermgrId: string;

  const usermgr = () => getApi(db.prisma, usermgrId);
  // UserMgr's flips only: OrderMgr's pods may still be turning ready on a loaded machine.
  const checkEvents = async () =>
    (await db.pool.query<{ api_name: string; diff: { before: { checks: Record<string, string> }; after: { checks: Record<string, string> } } }>(
      `SELECT api_name, diff FROM change_events WHERE type = 'api.check_changed' AND api_name = 'usermgr' ORDER BY id`,
    )).rows;
  const lastPoll = async () => (await db.pool.query<{ at: Date | null }>(`SELECT last_full_sync_at AS at FROM sources WHERE kind = 'gateway'`)).rows[0]?.at?.getTime() ?? 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-score-"));
    cluster = await startSandboxCluster({ port: 0 });
    gateway = await startSandboxGateway({ port: 0 });
    kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 10 });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    db = await freshDb(kind);
    const config = loadConfig({});
    worker = startWorker({
      db,
      clusters: loadClusters(config, { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
      gateways: gatewaySyncs(config, [{ name: "sandbox", adminUrl: gateway.url, proxyUrl: "http://localhost:8000" }], 100),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 },
      statusIntervalMs: 50,
    });
    await worker.waitSynced(20_000);
    const page = await waitFor(() => findApis(db.pool, ZApiListQuery.parse({ q: "usermgr" })), (p) => p.data[0]?.scorecard !== null && p.data.length === 1, { what: "usermgr scored" });
    usermgrId = page.data[0].id;
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    kic?.stop();
    await Promise.all([cluster?.stop(), gateway?.stop()]);
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("scores the seeded UserMgr from what was synced, and says why", async () => {
    const api = await usermgr();
    const status = Object.fromEntries(api.scorecard!.checks.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      owner: "pass", // signpost.dev/team: identity
      contract: "not_applicable", // no contract support on this branch
      auth: "fail",
      rate_limit: "fail",
      https: "fail", // http://api.shop.example/users
      gateway_only: "fail", // the NodePort and LoadBalancer Services of the same pods
      endpoints: "pass",
      docs: "fail",
    });
    const auth = api.scorecard!.checks.find((c) => c.id === "auth")!;
    expect(auth.reason).toContain("has no authentication plugin");
    expect(auth.fix).toContain("key-auth");
    expect(api.scorecard!.checks.find((c) => c.id === "gateway_only")!.reason).toMatch(/LoadBalancer Service .*NodePort Service|NodePort Service .*LoadBalancer Service/);
    // 2 of 7 applicable required checks pass: below bronze
    expect(api.scorecard).toMatchObject({ level: "none", passed: 2, required: 7, failing: ["auth", "rate_limit", "https", "gateway_only", "docs"] });
    expect(api.requirements).toMatchObject({ gateway: "sandbox", authentication: [], rateLimits: [] });
    // the list carries the summary; the failing facet and filter find it
    const failing = await findApis(db.pool, ZApiListQuery.parse({ failing: "auth" }));
    expect(failing.data.map((a) => a.name)).toEqual(["ordermgr", "usermgr"]);
    expect(failing.data[1].scorecard).toEqual({ level: "none", passed: 2, required: 7, failing: ["auth", "rate_limit", "https", "gateway_only", "docs"] });
    const facets = await apiFacets(db.pool, ZApiListQuery.parse({}));
    expect(facets.failing).toContainEqual({ value: "auth", count: 2 });
    expect(facets.level).toEqual([{ value: "none", count: 2 }]);
    expect(await checkEvents()).toEqual([]);
  });

  it("a key-auth plugin and a rate limit on the route: requirements, one flip event each, and quiet polls after", async () => {
    const routeId = (await usermgr()).exposures.find((e) => e.mode === "Gateway")!.details.routeId as string;
    const post = (body: unknown) =>
      fetch(`${gateway.url}/routes/${routeId}/plugins`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ name: "key-auth", config: { key_names: ["X-Shop-Key"], key_in_query: false } })).status).toBe(201);
    const after = await waitFor(usermgr, (a) => a.scorecard?.checks.find((c) => c.id === "auth")?.status === "pass", { what: "the auth check to pass", timeoutMs: 20_000 });
    expect(after.requirements!.authentication).toEqual([{ type: "key-auth", plugin: "key-auth", scope: "route", optional: false, keyNames: ["X-Shop-Key"], in: ["header"] }]);
    expect(await checkEvents()).toEqual([{ api_name: "usermgr", diff: { before: { checks: { auth: "fail" }, level: "none" }, after: { checks: { auth: "pass" }, level: "none" } } }]);

    expect((await post({ name: "rate-limiting", config: { minute: 5 } })).status).toBe(201);
    const limited = await waitFor(usermgr, (a) => a.scorecard?.checks.find((c) => c.id === "rate_limit")?.status === "pass", { what: "the rate limit check to pass", timeoutMs: 20_000 });
    expect(limited.requirements!.rateLimits).toEqual([{ plugin: "rate-limiting", scope: "route", limits: [{ limit: 5, seconds: 60, per: "minute" }], limitBy: "consumer" }]);
    expect(limited.scorecard).toMatchObject({ level: "bronze", passed: 4, required: 7 });
    expect((await checkEvents()).length).toBe(2);

    // Several polls of an unchanged gateway (and the cluster's watch) write and emit nothing more.
    const since = Date.now();
    await waitFor(lastPoll, (t) => t > since + 300, { what: "three more gateway polls", timeoutMs: 20_000 });
    expect((await checkEvents()).length).toBe(2);
    const teams = await findTeamScorecards(db.pool);
    expect(teams.data.find((t) => t.team === "identity")).toEqual({ team: "identity", apis: 1, levels: { bronze: 1 }, failing: { https: 1, gateway_only: 1, docs: 1 } });
  });

  it("rescores missing or stale scorecards without emitting events", async () => {
    await db.pool.query(`DELETE FROM api_scorecards`);
    const strict = ZScorecardConfig.parse({ required: ["owner"], checks: [{ id: "oncall", title: "On-call", annotation: "a8r.io/oncall", required: true }] });
    const before = (await db.pool.query(`SELECT count(*)::int AS n FROM change_events`)).rows[0].n;
    const client = await db.pool.connect();
    try {
      expect(await rescoreStale(client, strict)).toBe(2);
      expect(await rescoreStale(client, strict)).toBe(0);
    } finally {
      client.release();
    }
    const api = await usermgr();
    // owner passes, oncall fails: 1 of 2 required
    expect(api.scorecard).toMatchObject({ level: "bronze", passed: 1, required: 2 });
    expect(api.scorecard!.checks.find((c) => c.id === "oncall")).toMatchObject({ status: "fail", reason: "The annotation a8r.io/oncall is missing." });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM change_events`)).rows[0].n).toBe(before);
  });
});
