// Two transactions showing the same new API at once (a registration, and the worker deriving it
// from the gateway the registration just wrote to): the one that commits first announces it, the
// other finds it there and announces nothing (before, it said api.created a second time). An
// API changed by another transaction while one compares it is compared against what that
// transaction wrote. And a writer scoring an API while its contract is saved stores the score
// the contract gives (scorers hold the API's row, not the whole event log, while they read), also
// when the writer is creating that row. A prober and writers never deadlock, nor do two writers
// storing a new scorecard configuration. PostgreSQL only:
// PGlite serves one transaction at a time (a second connection waits for the first to finish), so
// the race cannot happen there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { saveApiChanges, type ApiChangeSummary, type EventTypes } from "../../lib/catalog/save-api-changes";
import { CatalogIndex } from "../../lib/catalog/catalog-index";
import { exampleObjects } from "../../lib/catalog/testing/example";
import type { DerivedApi } from "../../lib/catalog/types";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";
import { saveContract } from "../../lib/contracts/save-contract";
import { parseContract } from "../../lib/contracts/parse-contract";
import { recordProbes } from "../../lib/health/record-probe";
import type { ProbeTarget } from "../../lib/health/probe-targets";
import type { ProbeOutcome } from "../../lib/health/probe-api";
import { lockEventLog } from "../../lib/catalog/lock-event-log";
import { acquireLease, SYNC_LEASE } from "../../lib/sync/lease";
import { saveScorecards, type ScoreTarget } from "../../lib/scorecards/save-scorecards";
import { scorecardConfigHash, ZScorecardConfig } from "../../lib/scorecards/scorecard-config";

/** The example's usermgr API in `namespace`, its team set to `team`. */
function usermgr(namespace: string, team = "identity"): DerivedApi {
  const index = new CatalogIndex();
  const ex = exampleObjects("sandbox");
  for (const s of ex.services) index.upsert({ kind: "Service", obj: { ...s, namespace, annotations: { ...s.annotations, "signpost.dev/team": team } } });
  const api = index.flush().upserted.find((a) => a.name === "usermgr")!;
  expect(api.team).toBe(team);
  return api;
}

describe.each(dbKinds().filter((k) => k === "postgres"))("saveApiChanges under concurrent writers (%s)", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(kind);
  }, 60_000);
  afterAll(async () => db?.dispose());

  async function begin(): Promise<pg.PoolClient> {
    const c = await db.pool.connect();
    await c.query("BEGIN");
    return c;
  }
  async function commit(c: pg.PoolClient): Promise<void> {
    await c.query("COMMIT");
    c.release();
  }
  /**
   * Saves `theirs` in a first transaction and, before it commits, `ours` in a second one; commits
   * the first once the second waits for it (in `waitsIn`, as pg_stat_activity shows), then the
   * second. Returns what the second's saveApiChanges reported.
   */
  async function race(theirs: DerivedApi, types: EventTypes, ours: DerivedApi, waitsIn = /INSERT INTO apis/): Promise<ApiChangeSummary> {
    const first = await begin();
    await saveApiChanges(first, [theirs], [], types);
    const c = await begin();
    const pid = (await c.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    const second = saveApiChanges(c, [ours], []);
    await waitFor(
      async () => (await db.pool.query("SELECT wait_event_type, query FROM pg_stat_activity WHERE pid = $1", [pid])).rows[0],
      (r) => r?.wait_event_type === "Lock" && waitsIn.test(r.query),
      { what: "the second transaction waiting for the first" },
    );
    const [summary] = await Promise.all([second, commit(first)]);
    await commit(c);
    return summary;
  }
  const events = async (key: string) =>
    (await db.pool.query("SELECT type, diff FROM change_events WHERE api_key = $1 ORDER BY id", [key])).rows as { type: string; diff: { before: unknown } }[];

  it("a new API written by two transactions at once is announced once", async () => {
    const api = usermgr("race-new");
    // the second transaction compares while the first has not committed; its insert waits
    const summary = await race(api, { createdType: "api.registered" }, api);
    expect(summary).toMatchObject<Partial<ApiChangeSummary>>({ created: 0, written: 0, events: 0 });
    expect((await events(api.key)).map((e) => e.type)).toEqual(["api.registered"]);
  });

  it("a new API written differently by another transaction meanwhile is announced as the change from what it wrote", async () => {
    const theirs = usermgr("race-changed", "identity");
    const ours = usermgr("race-changed", "payments");
    expect(ours.key).toBe(theirs.key);
    const summary = await race(theirs, { createdType: "api.registered" }, ours);
    expect(summary).toMatchObject<Partial<ApiChangeSummary>>({ created: 0, updated: 1, written: 1 });
    const seen = await events(theirs.key);
    expect(seen.map((e) => e.type)).toEqual(["api.registered", "api.updated"]);
    expect(seen[1].diff.before).toMatchObject({ team: "identity" });
    const { rows } = await db.pool.query("SELECT team FROM apis WHERE key = $1", [theirs.key]);
    expect(rows[0].team).toBe("payments");
  });

  it("an API changed by another transaction while this one compares it is compared against that change", async () => {
    const base = usermgr("race-updated", "identity");
    const c0 = await begin();
    await saveApiChanges(c0, [base], []);
    await commit(c0);
    // the second reads the row while the first's change is not committed: it waits for it
    const summary = await race(usermgr("race-updated", "payments"), {}, usermgr("race-updated", "billing"), /FOR NO KEY UPDATE/);
    expect(summary).toMatchObject<Partial<ApiChangeSummary>>({ updated: 1, written: 1 });
    const seen = await events(base.key);
    expect(seen.map((e) => e.type)).toEqual(["api.created", "api.updated", "api.updated"]);
    expect(seen[2].diff.before).toMatchObject({ team: "payments" });
  });

  it("a writer that scores an API while its contract is being saved stores the score with the contract", async () => {
    const base = usermgr("race-score");
    const c0 = await begin();
    await saveApiChanges(c0, [base], []);
    await commit(c0);
    const contractCheck = async () =>
      (await db.pool.query("SELECT s.checks FROM api_scorecards s JOIN apis a ON a.id = s.api_id WHERE a.key = $1", [base.key])).rows[0].checks.contract as string;
    expect(await contractCheck()).toBe("fail");
    const waiting = async (pid: number) => (await db.pool.query("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1", [pid])).rows[0]?.wait_event_type;
    // The test holds the event log's lock (as a long append would), so the contract's save stops
    // right before it appends its event: its contract written, its API's row held.
    const holder = await db.pool.connect();
    await holder.query("SELECT pg_advisory_lock(73171701)");
    const contract = await parseContract(JSON.stringify({ openapi: "3.1.0", info: { title: "Users", version: "1" }, paths: { "/users": { get: { responses: { "200": { description: "ok" } } } } } }));
    const savePid = new Promise<number>((resolve) => {
      const poll = setInterval(async () => {
        const { rows } = await db.pool.query("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%pg_advisory_xact_lock%'");
        if (rows[0]) {
          clearInterval(poll);
          resolve(rows[0].pid as number);
        }
      }, 10);
    });
    const saved = saveContract(db.pool, { apiKey: base.key, contract, origin: "rest", author: "t" });
    await savePid;
    // the writer changes the API and scores it meanwhile: it must wait for the contract's save
    const w = await begin();
    const wPid = (await w.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    const written = saveApiChanges(w, [usermgr("race-score", "payments")], []);
    await waitFor(() => waiting(wPid), (t) => t === "Lock", { what: "the writer waiting" });
    await holder.query("SELECT pg_advisory_unlock(73171701)");
    holder.release();
    await saved;
    await written;
    await commit(w);
    expect(await contractCheck()).toBe("pass");
  });

  it("a contract saved while the API's row is being created is in the score the API gets", async () => {
    // The writer creates the API and scores it; before it commits, the contract is saved. The
    // save must not miss the row (it rescores nothing then) while the writer misses the contract:
    // the save waits for the writer, then finds the row and rescores it.
    const api = usermgr("race-new-contract");
    const w = await begin();
    await saveApiChanges(w, [api], []);
    const contract = await parseContract(JSON.stringify({ openapi: "3.1.0", info: { title: "Users", version: "1" }, paths: { "/users": { get: { responses: { "200": { description: "ok" } } } } } }));
    let settled = false;
    const saved = saveContract(db.pool, { apiKey: api.key, contract, origin: "rest", author: "t" }).finally(() => (settled = true));
    const waitingForLock = async () => (await db.pool.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'")).rows.length > 0;
    await waitFor(async () => settled || (await waitingForLock()), (x) => x, { what: "the contract's save done or waiting for the writer" });
    await commit(w);
    expect((await saved).version).toBe(1);
    const { rows } = await db.pool.query("SELECT s.checks FROM api_scorecards s JOIN apis a ON a.id = s.api_id WHERE a.key = $1", [api.key]);
    expect(rows[0].checks.contract).toBe("pass");
  });

  it("a probe recording verdicts while writers hold API rows and append events ends without a deadlock", async () => {
    // Three APIs, their keys in the order b < c. A writer (W) changes b and c: it locks b, then
    // waits for c, held by another transaction (T) that will append an event. The prober records
    // a first verdict on a (a state change: it takes the event log's lock), then one on b: its
    // foreign key check takes a key-share lock on b's row. Scorers lock rows FOR NO KEY UPDATE,
    // which a key-share lock does not wait for; with FOR UPDATE the prober waited for W, W for T,
    // T for the prober's event log lock, and PostgreSQL aborted one of them as a deadlock.
    const [a, b, c] = ["dl-a", "dl-b", "dl-c"].map((ns) => usermgr(ns));
    expect(b.key < c.key).toBe(true);
    const c0 = await begin();
    await saveApiChanges(c0, [a, b, c], []);
    await commit(c0);
    const ids = new Map((await db.pool.query<{ key: string; id: string }>("SELECT key, id FROM apis WHERE key = ANY($1::text[])", [[a.key, b.key]])).rows.map((r) => [r.key, r.id]));
    const holder = "probe-deadlock";
    expect(await acquireLease(db.pool, SYNC_LEASE, holder, 60_000)).toBe(true);
    const waitingIn = async (pattern: string) =>
      (await db.pool.query("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1", [pattern])).rows.length > 0;

    const t = await begin();
    await t.query("SELECT 1 FROM apis WHERE key = $1 FOR UPDATE", [c.key]);
    const w = await begin();
    const written = saveApiChanges(w, [usermgr("dl-b", "payments"), usermgr("dl-c", "payments")], []).then(
      () => "ok",
      (err: Error) => err.message,
    );
    await waitFor(() => waitingIn("%FROM apis WHERE key = ANY%"), (x) => x, { what: "the writer holding b and waiting for c" });

    const target = (api: DerivedApi): ProbeTarget => ({ id: ids.get(api.key)!, key: api.key, name: api.name, team: api.team, cluster: api.cluster, path: "/health", origin: "test", exposures: [] });
    const answering: ProbeOutcome = { state: "answering", url: "http://gateway.test/health", status: 200, latencyMs: 1, error: null, answeredBy: null };
    let probeSettled = false;
    const probed = recordProbes({ pool: db.pool, holder }, [a, b].map((api) => ({ api: target(api), outcome: answering }))).then(
      (n) => String(n),
      (err: Error) => err.message,
    ).finally(() => (probeSettled = true));
    // the prober is done, or waits for b's row (it holds the event log's lock then)
    await waitFor(async () => probeSettled || (await waitingIn("%INSERT INTO api_health%")), (x) => x, { what: "the prober done or waiting for b" });

    const appended = lockEventLog(t).then(
      () => "ok",
      (err: Error) => err.message,
    );
    expect(await appended).toBe("ok");
    await t.query("COMMIT");
    t.release();
    expect(await written).toBe("ok");
    await commit(w);
    expect(await probed).toBe("2");
    const health = await db.pool.query("SELECT state FROM api_health WHERE api_id = ANY($1::uuid[])", [[...ids.values()]]);
    expect(health.rows.map((r) => r.state)).toEqual(["answering", "answering"]);
  });

  it("two writers scoring under a configuration not stored yet store it once, without a deadlock", async () => {
    // The configuration is stored with the first scorecard computed under it. One writer (T1) has
    // appended events (it holds the event log's lock) and scores next; the other (T2) scores an
    // API whose owner check flips, so it appends an event too. Had T2 inserted the configuration
    // before waiting for the event log, T1's insert of the same key would wait for T2: a deadlock.
    const a = usermgr("cfg-a");
    const b = usermgr("cfg-b");
    const c0 = await begin();
    await saveApiChanges(c0, [a, b], []);
    await commit(c0);
    const ids = new Map((await db.pool.query<{ key: string; id: string }>("SELECT key, id FROM apis WHERE key = ANY($1::text[])", [[a.key, b.key]])).rows.map((r) => [r.key, r.id]));
    const target = (api: DerivedApi): ScoreTarget => ({
      id: ids.get(api.key)!,
      key: api.key,
      api: { ...api, id: ids.get(api.key)!, exposures: api.exposures.map((e) => ({ ...e, source: { ...e.source, namespace: e.source.namespace ?? null } })) },
    });
    const config = ZScorecardConfig.parse({ required: ["owner", "endpoints"] });
    const t1 = await begin();
    await lockEventLog(t1);
    const t2 = await begin();
    const t2Pid = (await t2.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    const second = saveScorecards(t2, [target({ ...b, team: null })], config).then(
      (n) => String(n),
      (err: Error) => err.message,
    );
    await waitFor(async () => (await db.pool.query("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1", [t2Pid])).rows[0]?.wait_event_type, (w) => w === "Lock", { what: "the second scorer waiting" });
    const first = await saveScorecards(t1, [target(a)], config).then(
      (n) => String(n),
      (err: Error) => err.message,
    );
    expect(first).toBe("0");
    await commit(t1);
    expect(await second).toBe("1");
    await commit(t2);
    const { rows } = await db.pool.query("SELECT config FROM scorecard_configs WHERE hash = $1", [scorecardConfigHash(config)]);
    expect(rows.map((r) => r.config)).toEqual([config]);
  });
});
