// The change log read backwards (an API's recent changes) and from a time (the resume point of
// "changes since"), against a real database: newest first for one API only, and a time maps to
// the cursor right before the first event at or after it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventCursorAt, findEvents, recentApiEvents } from "../../lib/events/find-events";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";

describe.each(dbKinds())("recent events (%s)", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(kind);
    // 30 events, one a minute from 2026-01-01T00:00Z, alternating between two APIs
    await db.pool.query(
      `INSERT INTO change_events (at, type, api_id, api_key, api_name, diff)
       SELECT timestamp '2026-01-01 00:00:00' + (g - 1) * interval '1 minute', 'api.updated',
              (CASE WHEN g % 2 = 1 THEN $1 ELSE $2 END)::uuid, 'api:x', 'x', '{"before": {}, "after": {}}'
       FROM generate_series(1, 30) g ORDER BY g`,
      [A, B],
    );
  }, 60_000);
  afterAll(async () => db?.dispose());

  it("an API's newest events come first, and only its own", async () => {
    const recent = await recentApiEvents(db.pool, A, 4);
    expect(recent.map((e) => e.id)).toEqual(["29", "27", "25", "23"]);
    expect(recent.every((e) => e.api.id === A)).toBe(true);
    expect(await recentApiEvents(db.pool, "00000000-0000-4000-8000-0000000000ff", 4)).toEqual([]);
  });

  it("a time becomes the cursor before the first event at or after it", async () => {
    expect(await eventCursorAt(db.pool, new Date("2026-01-01T00:10:00Z"))).toBe("10");
    expect(await eventCursorAt(db.pool, new Date("2026-01-01T00:10:30Z"))).toBe("11");
    expect(await eventCursorAt(db.pool, new Date("2025-12-31T00:00:00Z"))).toBe("0");
    expect(await eventCursorAt(db.pool, new Date("2027-01-01T00:00:00Z"))).toBe("30");
    // an offset is read as the instant it names
    expect(await eventCursorAt(db.pool, new Date("2026-01-01T01:10:00+01:00"))).toBe("10");
    const page = await findEvents(db.pool, { after: await eventCursorAt(db.pool, new Date("2026-01-01T00:27:00Z")), limit: 10 });
    expect(page.data.map((e) => [e.id, e.at])).toEqual([
      ["28", "2026-01-01T00:27:00.000Z"],
      ["29", "2026-01-01T00:28:00.000Z"],
      ["30", "2026-01-01T00:29:00.000Z"],
    ]);
  });
});
