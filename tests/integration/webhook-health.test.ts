// Dead webhooks against a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
// a subscription whose attempts all fail for longer than the threshold is disabled with the
// reason, audited once, and sends nothing more; re-enabling resumes where it stopped; one
// delivered attempt ends a run of failures.
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWebhook } from "../../lib/webhooks/create-webhook";
import { enableWebhook } from "../../lib/webhooks/enable-webhook";
import { getWebhook } from "../../lib/webhooks/get-webhook";
import { SecretBox } from "../../lib/webhooks/secret-box";
import { startWebhookDispatcher, type WebhookDispatcher } from "../../lib/webhooks/start-webhook-dispatcher";
import { startTestReceiver, type TestReceiver } from "../../lib/webhooks/testing/start-test-receiver";
import { DISPATCHER_ACTOR } from "../../lib/webhooks/track-webhook-health";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

const box = new SecretBox(crypto.randomBytes(32));
const fast = { pollIntervalMs: 50, firstRetryMs: 50, maxRetryMs: 100, timeoutMs: 3000, allow: "127.0.0.1", box };

describe.each(dbKinds())("webhook health on %s", (kind) => {
  let db: TestDb;
  let rx: TestReceiver;
  let dispatcher: WebhookDispatcher | undefined;

  const subscribe = async () => (await createWebhook(db.prisma, { url: `${rx.url}/hook`, events: ["*"], secret: "0123456789abcdef" }, "test", { allow: "127.0.0.1", box })).id;
  const addEvent = async (name: string) =>
    (
      await db.pool.query<{ id: string }>(
        `INSERT INTO change_events (type, api_key, api_name, diff) VALUES ('api.updated', $1, $2, '{"before": {}, "after": {}}') RETURNING id::text AS id`,
        [`api:${name}`, name],
      )
    ).rows[0].id;

  beforeAll(async () => {
    db = await freshDb(kind);
  });
  afterEach(async () => {
    await dispatcher?.stop();
    await rx?.close();
    await db.pool.query(`DELETE FROM webhooks`);
  });
  afterAll(async () => db?.dispose());

  it("disables a subscription failing past the threshold, says why, and resumes where it stopped when re-enabled", async () => {
    rx = await startTestReceiver();
    rx.respond(() => 503);
    const id = await subscribe();
    dispatcher = startWebhookDispatcher({ db, ...fast, disableAfterMs: 300 });
    const first = await addEvent("first");
    const disabled = await waitFor(() => getWebhook(db.prisma, id), (h) => h.disabledAt !== null, { timeoutMs: 10_000, what: "the webhook to be disabled" });
    expect(disabled.disabledReason).toMatch(/^every attempt failed since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(more than 300 ms\); last error: HTTP 503 Service Unavailable$/);
    expect(disabled.failingSince).not.toBeNull();
    const audit = await db.pool.query(`SELECT actor, action, target, after FROM audit_log WHERE action = 'webhook.disable'`);
    expect(audit.rows).toEqual([{ actor: DISPATCHER_ACTOR, action: "webhook.disable", target: `webhook:${id}`, after: { disabledReason: disabled.disabledReason } }]);

    // While disabled, new events wait: its cursor stays, nothing is queued or sent. A healthy
    // subscription is the witness that the dispatcher went past the new event.
    const sent = rx.requests.length;
    const witness = await startTestReceiver();
    try {
      await createWebhook(db.prisma, { url: `${witness.url}/witness`, events: ["*"], secret: "0123456789abcdef" }, "test", { allow: "127.0.0.1", box });
      const second = await addEvent("second");
      expect((await witness.next()).headers["signpost-event-id"]).toBe(second);
      const state = await db.pool.query(`SELECT "cursor"::text AS c, (SELECT count(*)::int FROM webhook_deliveries WHERE webhook_id = $1 AND event_id = $2) AS queued FROM webhooks WHERE id = $1`, [id, second]);
      expect(BigInt(state.rows[0].c)).toBeLessThan(BigInt(second));
      expect(state.rows[0].queued).toBe(0);
      expect(rx.requests).toHaveLength(sent);
    } finally {
      await witness.close();
    }
    const second = (await db.pool.query(`SELECT max(id)::text AS id FROM change_events`)).rows[0].id as string;

    rx.respond(() => 204);
    const enabled = await enableWebhook(db.prisma, id, "test-admin");
    expect(enabled).toMatchObject({ disabledAt: null, disabledReason: null, failingSince: null });
    const delivered = await rx.received(sent + 2, 10_000);
    const ids = delivered.slice(sent).map((r) => r.headers["signpost-event-id"]);
    expect(ids).toEqual([first, second]);
    expect((await db.pool.query(`SELECT actor FROM audit_log WHERE action = 'webhook.enable' AND target = $1`, [`webhook:${id}`])).rows).toEqual([{ actor: "test-admin" }]);
  });

  it("a delivered attempt ends a run of failures before the threshold", async () => {
    rx = await startTestReceiver();
    rx.respond((_r, n) => (n < 2 ? 500 : 200));
    const id = await subscribe();
    dispatcher = startWebhookDispatcher({ db, ...fast, disableAfterMs: 60_000 });
    await addEvent("flaky");
    await waitFor(() => getWebhook(db.prisma, id), (h) => h.failingSince !== null, { what: "the run of failures to be noted" });
    const after = await waitFor(() => getWebhook(db.prisma, id), (h) => h.failingSince === null, { timeoutMs: 10_000, what: "the delivered attempt to clear it" });
    expect(after.disabledAt).toBeNull();
    expect(rx.requests).toHaveLength(3);
  });
});
