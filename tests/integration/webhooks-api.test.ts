// The webhook REST handlers, called directly with Requests, against a real migrated database
// (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): creation with the URL guard, sealed
// secrets that never come back, validation, auth, listing, deletion and the delivery log.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHANGE_EVENT_TYPES } from "../../lib/api/schemas/webhook";
import { resetConfigCache } from "../../lib/env";
import { setDb } from "../../lib/db/client";
import { webhookSettings } from "../../lib/webhooks/webhook-settings";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { GET as list, POST as create } from "../../app/api/v1/webhooks/route";
import { DELETE as remove, GET as getOne } from "../../app/api/v1/webhooks/[id]/route";
import { GET as deliveries } from "../../app/api/v1/webhooks/[id]/deliveries/route";

const ADMIN = "test-admin-token-0123456789";
const SECRET = "receiver-secret-0123456789";
const BASE = "http://signpost.test/api/v1/webhooks";

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigCache();
}

const auth = (token: string | null = ADMIN): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
const params = (id: string) => ({ params: Promise.resolve({ id }) });

function post(body: unknown, token: string | null = ADMIN) {
  return create(new Request(BASE, { method: "POST", headers: { ...auth(token), "content-type": "application/json" }, body: JSON.stringify(body) }));
}

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

describe.each(dbKinds())("webhook REST API on %s", (kind) => {
  let db: TestDb;
  let dir: string;

  const addEvent = async (type = "api.created") =>
    (
      await db.pool.query<{ id: string }>(
        `INSERT INTO change_events (type, api_key, api_name, diff) VALUES ($1, 'api:x', 'x', '{"before":null,"after":{}}') RETURNING id::text AS id`,
        [type],
      )
    ).rows[0].id;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-hooks-api-"));
    db = await freshDb(kind);
    setDb(db);
  });

  beforeEach(() => setEnv({ SIGNPOST_ADMIN_TOKEN: ADMIN, SIGNPOST_DATA_DIR: dir, SIGNPOST_SECRET_KEY: undefined, SIGNPOST_WEBHOOK_ALLOW: "127.0.0.1" }));

  afterAll(async () => {
    setDb(undefined);
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates a subscription (201) that starts after the newest event, without ever returning the secret", async () => {
    await addEvent();
    const last = await addEvent("api.updated");
    const res = await post({ url: "http://127.0.0.1:9/hook", events: ["api.created", "api.gone", "api.created"], secret: SECRET, description: "ci" });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(["createdAt", "createdBy", "description", "disabledAt", "disabledReason", "events", "failingSince", "id", "url"]);
    expect(body).toMatchObject({ disabledAt: null, disabledReason: null, failingSince: null });
    expect(body).toMatchObject({ url: "http://127.0.0.1:9/hook", events: ["api.created", "api.gone"], description: "ci", createdBy: "bootstrap-admin" });

    const row = (await db.pool.query(`SELECT secret_enc, "cursor"::text AS cursor FROM webhooks WHERE id = $1`, [body.id])).rows[0];
    expect(row.cursor).toBe(last);
    // sealed: the column does not hold the secret, and the server key opens it
    expect(row.secret_enc).not.toContain(SECRET);
    expect(webhookSettings().box.open(row.secret_enc, `webhook:${body.id}`)).toBe(SECRET);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);

    const audit = (await db.pool.query(`SELECT actor, action, target, after FROM audit_log WHERE target = $1`, [`webhook:${body.id}`])).rows;
    expect(audit).toEqual([{ actor: "bootstrap-admin", action: "webhook.create", target: `webhook:${body.id}`, after: expect.objectContaining({ url: body.url }) }]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);

    const one = await json(await getOne(new Request(`${BASE}/${body.id}`, { headers: auth() }), params(body.id as string)));
    const all = await json(await list(new Request(BASE, { headers: auth() })));
    expect(one).toEqual(body);
    expect(all.data).toContainEqual(body);
    for (const text of [JSON.stringify(one), JSON.stringify(all)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/secret/i);
    }
  });

  it.each([
    ["http://10.0.0.5/hook", undefined, "url: 10.0.0.5 is a private address; allow it with SIGNPOST_WEBHOOK_ALLOW"],
    ["http://127.0.0.1:9/hook", undefined, "url: 127.0.0.1 is a loopback address; allow it with SIGNPOST_WEBHOOK_ALLOW"],
    ["http://10.0.0.5/hook", "127.0.0.1", "url: 10.0.0.5 is a private address; allow it with SIGNPOST_WEBHOOK_ALLOW"],
    ["http://169.254.169.254/latest/meta-data/", "127.0.0.1", "url: 169.254.169.254 is the cloud metadata address (link-local); allow it with SIGNPOST_WEBHOOK_ALLOW"],
    ["http://[::ffff:10.0.0.5]/hook", "127.0.0.1", "url: ::ffff:a00:5 is a private address (inside an IPv6 address); allow it with SIGNPOST_WEBHOOK_ALLOW"],
    ["http://metadata.google.internal/computeMetadata/v1/", "127.0.0.1", "url: metadata.google.internal"],
    ["ftp://127.0.0.1/hook", "127.0.0.1", "url: ftp: URLs are not allowed; use http: or https:"],
    ["http://user:pw@127.0.0.1/hook", "127.0.0.1", "url: the URL must not contain credentials (user:password@)"],
  ])("refuses %s (allow %s) at creation with 422", async (url, allow, message) => {
    setEnv({ SIGNPOST_WEBHOOK_ALLOW: allow });
    const before = await db.pool.query(`SELECT count(*)::int AS n FROM webhooks`);
    const res = await post({ url, events: ["*"], secret: SECRET });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error?.code).toBe("validation_failed");
    expect(body.error?.message.startsWith(message)).toBe(true);
    expect(body.error?.details).toEqual({ issues: [{ field: "body.url", message: message.slice(5) + body.error!.message.slice(message.length) }] });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM webhooks`)).rows[0].n).toBe(before.rows[0].n);
  });

  it("refuses unknown event types, short secrets and unknown fields with 422 naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: "http://127.0.0.1:9/", events: ["api.created", "api.exploded"], secret: SECRET }, "body.events.1"],
      [{ url: "http://127.0.0.1:9/", events: [], secret: SECRET }, "body.events"],
      [{ url: "http://127.0.0.1:9/", events: ["*"], secret: "too-short" }, "body.secret"],
      [{ url: "http://127.0.0.1:9/", events: ["*"] }, "body.secret"],
      [{ url: "http://127.0.0.1:9/", events: ["*"], secret: SECRET, secretHint: "x" }, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const err = (await json(res)).error!;
      expect(err.code).toBe("validation_failed");
      expect(err.message).toContain(`invalid body: ${field}`);
    }
    const unknown = await json(await post({ url: "http://127.0.0.1:9/", events: ["api.exploded"], secret: SECRET }));
    expect(unknown.error?.message).toContain(`must be one of ${CHANGE_EVENT_TYPES.join(", ")} or "*"`);
    expect(CHANGE_EVENT_TYPES).toEqual(expect.arrayContaining(["api.created", "api.gone", "api.registered", "api.deregistered", "api.spec.changed", "api.check_changed"]));
  });

  it("answers 401 without a token or with a wrong one, on every route", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const responses = [
      await post({ url: "http://127.0.0.1:9/", events: ["*"], secret: SECRET }, null),
      await post({ url: "http://127.0.0.1:9/", events: ["*"], secret: SECRET }, "wrong-token-0123456789"),
      await list(new Request(BASE)),
      await getOne(new Request(`${BASE}/${id}`), params(id)),
      await remove(new Request(`${BASE}/${id}`, { method: "DELETE" }), params(id)),
      await deliveries(new Request(`${BASE}/${id}/deliveries`), params(id)),
    ];
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
  });

  it("deletes a subscription (204) with its delivery log; then 404", async () => {
    const created = await json(await post({ url: "http://127.0.0.1:9/gone", events: ["*"], secret: SECRET }));
    const id = created.id as string;
    const ev = await addEvent();
    await db.pool.query(`INSERT INTO webhook_deliveries (webhook_id, event_id) VALUES ($1, $2)`, [id, ev]);
    const res = await remove(new Request(`${BASE}/${id}`, { method: "DELETE", headers: auth() }), params(id));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1`, [id])).rows[0].n).toBe(0);
    const audit = (await db.pool.query(`SELECT action, before FROM audit_log WHERE target = $1 ORDER BY id`, [`webhook:${id}`])).rows;
    expect(audit.map((a) => a.action)).toEqual(["webhook.create", "webhook.delete"]);
    expect(audit[1].before).toMatchObject({ id, url: "http://127.0.0.1:9/gone" });
    expect((await remove(new Request(`${BASE}/${id}`, { method: "DELETE", headers: auth() }), params(id))).status).toBe(404);
    expect((await getOne(new Request(`${BASE}/${id}`, { headers: auth() }), params(id))).status).toBe(404);
    expect((await getOne(new Request(`${BASE}/not-a-uuid`, { headers: auth() }), params("not-a-uuid"))).status).toBe(400);
  });

  it("lists the delivery log newest first with event types and a cursor", async () => {
    const created = await json(await post({ url: "http://127.0.0.1:9/log", events: ["*"], secret: SECRET }));
    const id = created.id as string;
    const e1 = await addEvent("api.created");
    const e2 = await addEvent("api.gone");
    const e3 = await addEvent("api.updated");
    await db.pool.query(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, last_status, delivered_at) VALUES ($1, $2, 'delivered', 1, 200, now())`,
      [id, e1],
    );
    await db.pool.query(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, last_status, last_error) VALUES ($1, $2, 'failed', 9, 500, 'HTTP 500 (gave up after 9 attempts)')`,
      [id, e2],
    );
    await db.pool.query(`INSERT INTO webhook_deliveries (webhook_id, event_id) VALUES ($1, $2)`, [id, e3]);
    const get = async (q: string) => json(await deliveries(new Request(`${BASE}/${id}/deliveries?${q}`, { headers: auth() }), params(id)));
    const page1 = await get("limit=2");
    expect((page1.data as Json[]).map((d) => [d.eventId, d.eventType, d.status])).toEqual([
      [e3, "api.updated", "pending"],
      [e2, "api.gone", "failed"],
    ]);
    expect((page1.data as Json[])[1]).toMatchObject({ attempts: 9, lastStatus: 500, lastError: "HTTP 500 (gave up after 9 attempts)", nextAttemptAt: null, deliveredAt: null });
    expect((page1.data as Json[])[0].nextAttemptAt).toEqual(expect.any(String));
    const page2 = await get(`limit=2&cursor=${page1.nextCursor}`);
    expect(page2.nextCursor).toBeNull();
    expect((page2.data as Json[]).map((d) => [d.eventId, d.status, d.lastStatus, typeof d.deliveredAt])).toEqual([[e1, "delivered", 200, "string"]]);
    expect((await get("cursor=abc")).error?.code).toBe("bad_request");
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await deliveries(new Request(`${BASE}/${missing}/deliveries`, { headers: auth() }), params(missing))).status).toBe(404);
  });
});
