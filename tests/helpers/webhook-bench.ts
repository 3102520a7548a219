// The webhook dispatcher's test bench: a fresh migrated database per suite, local receivers on
// 127.0.0.1, dispatchers with short retry delays, subscriptions and change events written as the
// product writes them; receivers and dispatchers are stopped after each test.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createWebhook } from "../../lib/webhooks/create-webhook";
import { SecretBox } from "../../lib/webhooks/secret-box";
import { startWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from "../../lib/webhooks/start-webhook-dispatcher";
import { startTestReceiver, type ReceivedRequest, type TestReceiver } from "../../lib/webhooks/testing/start-test-receiver";
import type { Resolve } from "../../lib/net/url-guard";
import { freshDb, type TestDb } from "./db";

export const SECRET = "receiver-secret-0123456789";
export const ALLOW = "127.0.0.1";
const box = new SecretBox(crypto.randomBytes(32));
const fast = { pollIntervalMs: 50, firstRetryMs: 50, maxRetryMs: 200, timeoutMs: 3000 };

export const eventIdOf = (r: ReceivedRequest) => r.headers["signpost-event-id"] as string;

/** Registers the suite's hooks; `db` is set once the suite's beforeAll ran. */
export function webhookBench(kind: Parameters<typeof freshDb>[0]) {
  let db!: TestDb;
  let receivers: TestReceiver[] = [];
  const dispatchers: WebhookDispatcher[] = [];

  const receiver = async () => {
    const r = await startTestReceiver();
    receivers.push(r);
    return r;
  };
  const dispatch = (o: Partial<WebhookDispatcherOptions> = {}) => {
    const d = startWebhookDispatcher({ db, allow: ALLOW, box, ...fast, ...o });
    dispatchers.push(d);
    return d;
  };
  const subscribe = async (url: string, events: string[] = ["*"], resolve?: Resolve) =>
    (await createWebhook(db.prisma, { url, events: events as never, secret: SECRET }, "test", { allow: ALLOW, box, resolve })).id;
  const addEvent = async (type = "api.created", name = "orders", client?: pg.Pool | pg.Client) =>
    (
      await (client ?? db.pool).query<{ id: string }>(
        `INSERT INTO change_events (type, api_id, api_key, api_name, team, cluster, diff)
         VALUES ($1, '11111111-2222-4333-8444-555555555555', $2, $3, 'commerce', 'sandbox', $4::jsonb) RETURNING id::text AS id`,
        [type, `api:${name}`, name, JSON.stringify({ before: null, after: { name } })],
      )
    ).rows[0].id;
  const delivery = (webhookId: string, eventId: string) =>
    db.pool
      .query(`SELECT status, attempts, last_status, last_error, delivered_at FROM webhook_deliveries WHERE webhook_id = $1 AND event_id = $2`, [webhookId, eventId])
      .then((r) => r.rows[0]);

  beforeAll(async () => {
    db = await freshDb(kind);
  });
  beforeEach(async () => {
    await db.pool.query(`DELETE FROM webhooks`);
  });
  /** Stops the dispatchers started so far (before the other side of a test is closed). */
  const stopDispatchers = async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  };
  afterEach(async () => {
    await stopDispatchers();
    await Promise.all(receivers.map((r) => r.close()));
    receivers = [];
  });
  afterAll(async () => {
    await db?.dispose();
  });

  return {
    get db() {
      return db;
    },
    receiver,
    dispatch,
    subscribe,
    addEvent,
    delivery,
    stopDispatchers,
  };
}
