// The webhook dispatcher against a real migrated database (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set) and local receivers on 127.0.0.1: signed deliveries, retries with the
// same event id, order per subscription, event filters, the URL guard at delivery time, giving
// up, two dispatchers on one database, and events committed out of id order.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import type { Resolve } from "../../lib/net/url-guard";
import { verifySignature } from "../../lib/webhooks/sign-payload";
import { dbKinds } from "../helpers/db";
import { eventIdOf, SECRET, webhookBench } from "../helpers/webhook-bench";
import { waitFor } from "../helpers/wait-for";

describe.each(dbKinds())("webhook dispatcher on %s", (kind) => {
  const bench = webhookBench(kind);
  const { receiver, dispatch, subscribe, addEvent, delivery } = bench;

  it("posts a correctly signed event with its headers, once, to a new subscription only", async () => {
    await addEvent("api.created", "before-subscription");
    const rx = await receiver();
    const hook = await subscribe(`${rx.url}/hook?src=signpost`);
    dispatch();
    const id = await addEvent("api.updated", "orders");
    const req = await rx.next();
    expect(req).toMatchObject({ method: "POST", path: "/hook?src=signpost" });
    expect(req.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Signpost-Webhooks/1",
      "signpost-event-id": id,
      "signpost-event-type": "api.updated",
    });
    expect(verifySignature(req.headers["signpost-signature"] as string, req.body, SECRET)).toBe(true);
    expect(verifySignature(req.headers["signpost-signature"] as string, req.body, "another-secret-01234")).toBe(false);
    const body = JSON.parse(req.body);
    expect(body).toEqual({
      id,
      type: "api.updated",
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      api: { id: "11111111-2222-4333-8444-555555555555", key: "api:orders", name: "orders", team: "commerce", cluster: "sandbox" },
      diff: { before: null, after: { name: "orders" } },
    });
    expect(Math.abs(Date.parse(body.at) - Date.now())).toBeLessThan(60_000);
    const row = await waitFor(() => delivery(hook, id), (r) => r?.status === "delivered", { what: "delivered" });
    expect(row).toMatchObject({ attempts: 1, last_status: 200, last_error: null });
    // the event from before the subscription was never queued, and nothing was sent twice
    expect((await bench.db.pool.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1`, [hook])).rows[0].n).toBe(1);
    expect(rx.requests).toHaveLength(1);
  });

  it("retries a 500 with the same event id and body, then records the delivery", async () => {
    const rx = await receiver();
    rx.respond((_r, n) => (n === 0 ? 500 : 200));
    const hook = await subscribe(`${rx.url}/retry`);
    dispatch();
    const id = await addEvent();
    const [first, second] = await rx.received(2);
    expect([eventIdOf(first), eventIdOf(second)]).toEqual([id, id]);
    expect(second.body).toBe(first.body);
    expect(verifySignature(second.headers["signpost-signature"] as string, second.body, SECRET)).toBe(true);
    expect(second.at - first.at).toBeGreaterThanOrEqual(40); // the first retry waited (50 ms here)
    const row = await waitFor(() => delivery(hook, id), (r) => r?.status === "delivered", { what: "delivered" });
    expect(row).toMatchObject({ attempts: 2, last_status: 200, last_error: null });
  });

  it("keeps order per subscription while its first delivery is retried, without holding back another subscription", async () => {
    const slow = await receiver();
    const quick = await receiver();
    // `slow` fails until it was tried at least once and `quick` has received all three events.
    slow.respond((_r, n) => (n >= 1 && quick.requests.length >= 3 ? 200 : 500));
    const slowHook = await subscribe(`${slow.url}/slow`);
    await subscribe(`${quick.url}/quick`);
    dispatch();
    const ids = [await addEvent("api.created", "a"), await addEvent("api.updated", "b"), await addEvent("api.gone", "c")];
    expect((await quick.received(3)).map(eventIdOf)).toEqual(ids);
    await waitFor(() => delivery(slowHook, ids[2]), (r) => r?.status === "delivered", { what: "the third delivery", timeoutMs: 10_000 });
    const seen = slow.requests.map(eventIdOf);
    const retries = seen.length - 3;
    expect(retries).toBeGreaterThanOrEqual(1);
    // the first event until it succeeded, then the others, each once
    expect(seen).toEqual([...Array(retries + 1).fill(ids[0]), ids[1], ids[2]]);
    expect(await delivery(slowHook, ids[0])).toMatchObject({ status: "delivered", attempts: retries + 1 });
  });

  it("delivers only the event types a subscription asked for", async () => {
    const rx = await receiver();
    const gone = await subscribe(`${rx.url}/gone`, ["api.gone"]);
    const changes = await subscribe(`${rx.url}/changes`, ["api.created", "api.updated"]);
    dispatch();
    const created = await addEvent("api.created");
    const wentAway = await addEvent("api.gone");
    const updated = await addEvent("api.updated");
    await addEvent("api.registered");
    const got = await rx.received(3);
    const byPath = (p: string) => got.filter((r) => r.path === p).map(eventIdOf);
    expect(byPath("/gone")).toEqual([wentAway]);
    expect(byPath("/changes")).toEqual([created, updated]);
    // every event was considered (the cursors moved past all four), and only matches were queued
    const hooks = await bench.db.pool.query(`SELECT id, "cursor"::text AS cursor FROM webhooks`);
    const last = (await bench.db.pool.query(`SELECT max(id)::text AS id FROM change_events`)).rows[0].id;
    await waitFor(() => bench.db.pool.query(`SELECT "cursor"::text AS c FROM webhooks`), (r) => r.rows.every((x) => x.c === last));
    expect(hooks.rows).toHaveLength(2);
    const queued = await bench.db.pool.query(`SELECT webhook_id, count(*)::int AS n FROM webhook_deliveries GROUP BY webhook_id`);
    expect(Object.fromEntries(queued.rows.map((r) => [r.webhook_id, r.n]))).toEqual({ [gone]: 1, [changes]: 2 });
    expect(rx.requests).toHaveLength(3);
  });

  it("refuses a delivery whose host now resolves to a blocked address, and delivers once it no longer does", async () => {
    const rx = await receiver();
    const dns: Record<string, string[]> = { "hook.test": ["127.0.0.1"] };
    const resolve: Resolve = async (host) => dns[host] ?? Promise.reject(Object.assign(new Error("nx"), { code: "ENOTFOUND" }));
    // hook.test exists only in this table: reaching the receiver proves the checked address is the one connected to
    const hook = await subscribe(`http://hook.test:${rx.port}/rebound`, ["*"], resolve);
    dns["hook.test"] = ["10.0.0.5"];
    dispatch({ resolve });
    const id = await addEvent();
    const row = await waitFor(() => delivery(hook, id), (r) => r?.attempts >= 1 && r?.last_error !== null, { what: "a refused attempt" });
    expect(row).toMatchObject({ status: "pending", last_status: null });
    expect(row.last_error).toBe("url refused: hook.test resolves to 10.0.0.5, a private address; allow it with SIGNPOST_WEBHOOK_ALLOW");
    expect(rx.requests).toHaveLength(0);
    dns["hook.test"] = ["127.0.0.1"];
    const req = await rx.next();
    expect(req.headers.host).toBe(`hook.test:${rx.port}`);
    expect(eventIdOf(req)).toBe(id);
  });

  it("gives up on a delivery after the maximum age and goes on with the next", async () => {
    const rx = await receiver();
    const hook = await subscribe(`${rx.url}/down`);
    const first = await addEvent("api.created", "doomed");
    const second = await addEvent("api.updated", "fine");
    rx.respond((r) => (eventIdOf(r) === first ? 500 : 200));
    dispatch({ firstRetryMs: 20, maxRetryMs: 40, maxAgeMs: 100 });
    const ok = await waitFor(() => rx.requests.find((r) => eventIdOf(r) === second), Boolean, { what: "the second event", timeoutMs: 10_000 });
    expect(ok).toBeTruthy();
    const failed = await delivery(hook, first);
    expect(failed.status).toBe("failed");
    expect(failed.last_status).toBe(500);
    expect(failed.last_error).toMatch(/^HTTP 500 Internal Server Error \(gave up after \d+ attempts\)$/);
    // 20 + 40 + 40 = 100 ms of waits fit in 100 ms; the fourth failure gives up
    expect(failed.attempts).toBe(4);
    expect(rx.requests.filter((r) => eventIdOf(r) === first)).toHaveLength(4);
    expect(await waitFor(() => delivery(hook, second), (r) => r?.status === "delivered")).toMatchObject({ attempts: 1 });
  });

  it("shares the work between two dispatchers on one database: every event once, in order", async () => {
    const a = await receiver();
    const b = await receiver();
    await subscribe(`${a.url}/a`);
    await subscribe(`${b.url}/b`);
    // the second dispatcher has its own pool, as another worker process would
    const other = createDb(bench.db.url, { max: 2 });
    try {
      dispatch();
      dispatch({ db: other });
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await addEvent("api.updated", `svc-${i}`));
      expect((await a.received(12)).map(eventIdOf)).toEqual(ids);
      expect((await b.received(12)).map(eventIdOf)).toEqual(ids);
      await waitFor(
        () => bench.db.pool.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered' AND attempts = 1`),
        (r) => r.rows[0].n === 24,
        { what: "24 deliveries of one attempt each" },
      );
      expect(a.requests).toHaveLength(12);
      expect(b.requests).toHaveLength(12);
    } finally {
      await bench.stopDispatchers();
      await other.close();
    }
  });

  it("does not wait for an id that was rolled back", async () => {
    const rx = await receiver();
    await subscribe(`${rx.url}/gap`);
    dispatch({ gapGraceMs: 60_000 });
    const client = new pg.Client({ connectionString: bench.db.url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await addEvent("api.created", "rolled-back", client);
      await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
    const id = await addEvent("api.created", "after-the-gap");
    expect(eventIdOf(await rx.next())).toBe(id);
  });

  // PGlite serialises transactions (others wait while one is open), so this race exists only on PostgreSQL.
  it.runIf(kind === "postgres")("does not skip an event whose transaction commits after a later one", async () => {
    const rx = await receiver();
    await subscribe(`${rx.url}/late`);
    dispatch({ gapGraceMs: 60_000 });
    const slowWriter = new pg.Client({ connectionString: bench.db.url });
    await slowWriter.connect();
    try {
      await slowWriter.query("BEGIN");
      const early = await addEvent("api.created", "early-but-slow", slowWriter);
      const late = await addEvent("api.updated", "late-but-quick");
      // Asserting that nothing happens has no event to await: let six polls go by.
      await new Promise((r) => setTimeout(r, 300));
      expect(rx.requests).toHaveLength(0);
      expect((await bench.db.pool.query(`SELECT count(*)::int AS n FROM webhook_deliveries`)).rows[0].n).toBe(0);
      await slowWriter.query("COMMIT");
      expect((await rx.received(2)).map(eventIdOf)).toEqual([early, late]);
    } finally {
      await slowWriter.end();
    }
  });

  it.runIf(kind === "postgres")("gives up waiting for a missing id after the grace time while other writers are busy", async () => {
    const rx = await receiver();
    await subscribe(`${rx.url}/grace`);
    dispatch({ gapGraceMs: 400 });
    const rollback = new pg.Client({ connectionString: bench.db.url });
    const busy = new pg.Client({ connectionString: bench.db.url });
    await rollback.connect();
    await busy.connect();
    try {
      // another session that may be about to write events: a missing id could still be in flight.
      // Taken before the id goes missing: a poll between the rollback and this lock would rightly
      // find no writer, settle the id, and leave nothing to wait for.
      await busy.query("BEGIN");
      await busy.query("LOCK TABLE change_events IN ROW EXCLUSIVE MODE");
      await rollback.query("BEGIN");
      await addEvent("api.created", "never", rollback);
      await rollback.query("ROLLBACK");
      const started = Date.now();
      const id = await addEvent("api.created", "after-the-gap");
      expect(eventIdOf(await rx.next())).toBe(id);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    } finally {
      await busy.query("ROLLBACK").catch(() => {});
      await Promise.all([rollback.end(), busy.end()]);
    }
  });

  it("hands an attempt in flight back when stopped", async () => {
    const rx = await receiver();
    let answer!: (status: number) => void;
    rx.respond(() => new Promise<number>((r) => (answer = r)));
    const hook = await subscribe(`${rx.url}/hang`);
    const d = dispatch({ timeoutMs: 30_000 });
    const id = await addEvent();
    await rx.next();
    await d.stop();
    answer(200);
    const row = await bench.db.pool.query(`SELECT status, attempts, last_error, next_attempt_at <= now() AS due FROM webhook_deliveries WHERE webhook_id = $1 AND event_id = $2`, [hook, id]);
    expect(row.rows[0]).toEqual({ status: "pending", attempts: 1, last_error: "interrupted: the dispatcher stopped", due: true });
  });
});
