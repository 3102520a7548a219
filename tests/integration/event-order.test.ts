// Event ids are bigints handed to JavaScript as text: pages of the change log, the stream's
// catch-up and the webhook horizon must follow the numbers (9 < 10 < 100), not the text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsBetween, findEvents } from "../../lib/events/find-events";
import { EventHorizon } from "../../lib/webhooks/event-horizon";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

describe.each(dbKinds())("event order across digit counts (%s)", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(kind);
    await db.pool.query(
      `INSERT INTO change_events (type, api_key, api_name, diff) SELECT 'api.updated', 'api:x', 'x', '{"before": {}, "after": {}}' FROM generate_series(1, 120)`,
    );
  }, 60_000);
  afterAll(async () => db?.dispose());

  it("JSON pages cover 1..120 in order, each id once", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await findEvents(db.pool, { after, limit: 25 });
      seen.push(...page.data.map((e) => e.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => String(i + 1)));
  });

  it("the stream's catch-up reads the next ids in order", async () => {
    expect((await eventsBetween(db.pool, "5", null, 6)).map((e) => e.id)).toEqual(["6", "7", "8", "9", "10", "11"]);
    expect((await eventsBetween(db.pool, "95", "101", 100)).map((e) => e.id)).toEqual(["96", "97", "98", "99", "100", "101"]);
  });

  it("the webhook horizon advances by the batch in numeric order", async () => {
    const horizon = new EventHorizon({ graceMs: 60_000, batch: 50 });
    expect(await horizon.advance(db.pool, 0n, 120n)).toBe(50n);
    expect(await horizon.advance(db.pool, 50n, 120n)).toBe(100n);
    expect(await horizon.advance(db.pool, 100n, 120n)).toBe(120n);
  });
});
