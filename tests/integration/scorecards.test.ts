// Scorecards and requirements through the whole sync path: the worker syncs the sandbox cluster
// and gateway, scores every API it writes, and a check that flips (a key-auth plugin added on
// UserMgr's route through the Admin API) emits exactly one api.check_changed event; polls that
// change nothing emit nothing. The contract check follows api_contracts: a contract stored by
// PUT spec or fetched from signpost.dev/openapi-url flips it with one event, a failed fetch says
// why. The CSV export carries each API's level and failing checks.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
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
import { putApiContract } from "../../lib/contracts/put-api-contract";
import { fetchAnnotatedContracts } from "../../lib/contracts/fetch-annotated-contracts";
import { streamApisCsv, CSV_COLUMNS } from "../../lib/catalog/apis-csv";
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
  const contractFlips = async (name: string) =>
    (await db.pool.query<{ diff: unknown }>(`SELECT diff FROM change_events WHERE type = 'api.check_changed' AND api_name = $1 AND diff->'after'->'checks' ? 'contract' ORDER BY id`, [name])).rows.map((r) => r.diff);
  const check = (a: { scorecard: { checks: { id: string; status: string; reason: string }[] } | null }, id: string) => a.scorecard?.checks.find((c) => c.id === id);
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
      contract: "fail", // none attached
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
    expect(check(api, "contract")!.reason).toBe("No OpenAPI contract is attached.");
    // 2 of 8 applicable required checks pass: below bronze
    expect(api.scorecard).toMatchObject({ level: "none", passed: 2, required: 8, failing: ["contract", "auth", "rate_limit", "https", "gateway_only", "docs"] });
    expect(api.requirements).toMatchObject({ gateway: "sandbox", authentication: [], rateLimits: [] });
    // the list carries the summary; the failing facet and filter find it
    const failing = await findApis(db.pool, ZApiListQuery.parse({ failing: "auth" }));
    expect(failing.data.map((a) => a.name)).toEqual(["ordermgr", "usermgr"]);
    expect(failing.data[1].scorecard).toEqual({ level: "none", passed: 2, required: 8, failing: ["contract", "auth", "rate_limit", "https", "gateway_only", "docs"] });
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
    expect(limited.scorecard).toMatchObject({ level: "bronze", passed: 4, required: 8 });
    expect((await checkEvents()).length).toBe(2);

    // Several polls of an unchanged gateway (and the cluster's watch) write and emit nothing more.
    const since = Date.now();
    await waitFor(lastPoll, (t) => t > since + 300, { what: "three more gateway polls", timeoutMs: 20_000 });
    expect((await checkEvents()).length).toBe(2);
    const teams = await findTeamScorecards(db.pool);
    expect(teams.data.find((t) => t.team === "identity")).toEqual({ team: "identity", apis: 1, levels: { bronze: 1 }, failing: { contract: 1, https: 1, gateway_only: 1, docs: 1 } });
  });

  it("the CSV export carries each API's level and failing checks", async () => {
    const query = ZApiListQuery.parse({ failing: "https" });
    const text = await new Response(streamApisCsv(db.pool, query)).text();
    const rows = text.trimEnd().split("\r\n").map((r) => r.split(","));
    const col = (h: string) => CSV_COLUMNS.findIndex(([name]) => name === h);
    expect(rows[0][col("scorecard_level")]).toBe("scorecard_level");
    expect(rows[0][col("failing_checks")]).toBe("failing_checks");
    // the same view as the list, each row with its stored summary (usermgr: bronze since key-auth and the rate limit)
    const list = (await findApis(db.pool, query)).data;
    expect(list.map((a) => a.name)).toEqual(["ordermgr", "usermgr"]);
    expect(rows.slice(1).map((r) => [r[col("name")], r[col("scorecard_level")], r[col("failing_checks")]])).toEqual(
      list.map((a) => [a.name, a.scorecard!.level, a.scorecard!.failing.join(" ")]),
    );
    expect(rows[2].slice(col("name"), col("name") + 1).concat(rows[2][col("scorecard_level")], rows[2][col("failing_checks")])).toEqual(["usermgr", "bronze", "contract https gateway_only docs"]);
  });

  it("the contract check follows api_contracts: PUT spec and the annotation fetcher flip it with one event; a failed fetch says why", async () => {
    const doc = JSON.stringify({ openapi: "3.1.0", info: { title: "Users", version: "1" }, paths: { "/users": { get: { operationId: "listUsers", responses: { "200": { description: "ok" } } } } } });
    // PUT spec (the REST handler's lib function) on ordermgr
    const ordermgr = (await findApis(db.pool, ZApiListQuery.parse({ q: "ordermgr" }))).data[0];
    expect(ordermgr.scorecard!.failing).toContain("contract");
    const req = new Request("http://signpost.test/api/v1/apis/x/spec", { method: "PUT", headers: { "content-type": "application/json" }, body: doc });
    expect(await putApiContract(db, { apiId: ordermgr.id, req, actor: { name: "alice", role: "editor", via: "token" } })).toMatchObject({ version: 1, created: true });
    expect(check(await getApi(db.prisma, ordermgr.id), "contract")).toMatchObject({ status: "pass", reason: "Version 1 of its OpenAPI contract is attached and valid." });
    expect(await contractFlips("ordermgr")).toEqual([{ before: { checks: { contract: "fail" }, level: "none" }, after: { checks: { contract: "pass" }, level: "none" } }]);
    // the same document again is no new version and no event
    const again = new Request("http://signpost.test/api/v1/apis/x/spec", { method: "PUT", headers: { "content-type": "application/json" }, body: doc });
    expect(await putApiContract(db, { apiId: ordermgr.id, req: again, actor: { name: "alice", role: "editor", via: "token" } })).toMatchObject({ version: 1, created: false });
    expect((await contractFlips("ordermgr")).length).toBe(1);

    // the annotation on UserMgr's Service, fetched from a loopback document server
    let answer: { status: number; body: string } = { status: 404, body: "no" };
    const docs = http.createServer((_req, res) => res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body));
    await new Promise<void>((r) => docs.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(docs.address() as AddressInfo).port}/openapi.json`;
      cluster.store.patch({ apiVersion: "v1", kind: "Service", namespace: "shop", name: "usermgr" }, { metadata: { annotations: { "signpost.dev/openapi-url": url } } });
      await waitFor(usermgr, (a) => a.annotations["signpost.dev/openapi-url"] === url, { what: "the annotation synced", timeoutMs: 20_000 });
      const settings = { allow: "127.0.0.1", maxBytes: 1_000_000, refreshMs: 0 };
      expect(await fetchAnnotatedContracts(db.pool, settings)).toMatchObject({ fetched: 1, failed: 1 });
      expect(check(await usermgr(), "contract")).toMatchObject({ status: "fail", reason: `Its signpost.dev/openapi-url gave no contract: cannot fetch ${url}: ${url} answered 404 Not Found.`, fix: expect.stringContaining(url) });
      expect(await contractFlips("usermgr")).toEqual([]);

      answer = { status: 200, body: doc };
      expect(await fetchAnnotatedContracts(db.pool, settings)).toMatchObject({ fetched: 1, changed: 1, failed: 0 });
      expect(check(await usermgr(), "contract")).toMatchObject({ status: "pass", reason: "Version 1 of its OpenAPI contract is attached and valid." });
      expect(await contractFlips("usermgr")).toEqual([{ before: { checks: { contract: "fail" }, level: "bronze" }, after: { checks: { contract: "pass" }, level: "bronze" } }]);

      // a later failed fetch keeps the stored version: still passing, no event, and it says so
      answer = { status: 500, body: "down" };
      expect(await fetchAnnotatedContracts(db.pool, settings)).toMatchObject({ fetched: 1, failed: 1 });
      expect(check(await usermgr(), "contract")).toMatchObject({ status: "pass", reason: expect.stringContaining(`though its last fetch failed (cannot fetch ${url}: ${url} answered 500`) });
      expect((await contractFlips("usermgr")).length).toBe(1);
    } finally {
      await new Promise((r) => docs.close(r));
    }
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
