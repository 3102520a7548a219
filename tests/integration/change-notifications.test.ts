// Change notifications wake the event feed: on PostgreSQL a committed change event reaches a
// feed whose poll would not come for an hour, also after the listening connection was killed;
// a database that delivers no notifications (PGlite behind its socket server) is detected, the
// listener closes its connection, and the feed keeps delivering by polling.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { EventFeed, notificationsOf } from "../../lib/events/event-feed";
import { listenForChanges } from "../../lib/events/change-notifier";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

const HOUR = 3_600_000;

describe.each(dbKinds())("change notifications on %s", (kind) => {
  let db: TestDb;
  const insertEvent = (name: string) =>
    db.pool.query(`INSERT INTO change_events (type, api_key, api_name, diff) VALUES ('api.updated', $1, $1, '{}'::jsonb)`, [name]);
  const listeners = () =>
    db.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'signpost-listen' AND datname = current_database()`).then((r) => r.rows);

  beforeAll(async () => {
    db = await freshDb(kind);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const options = () => (db.pool as unknown as { options: pg.ClientConfig }).options;

  if (kind === "postgres") {
    it("delivers a committed event at once, and again after the listening connection was killed", async () => {
      const feed = new EventFeed(db.pool, HOUR, notificationsOf(db.pool));
      const seen: string[] = [];
      const unlisten = feed.listen((e) => seen.push(e.api.name));
      try {
        // The first poll places the feed at the log's end; the listener is up once its connection shows.
        await waitFor(() => listeners(), (l) => l.length === 1, { timeoutMs: 20_000, what: "the listening connection" });
        await waitFor(async () => (await insertEvent(`probe-${seen.length}`), seen.length), (n) => n > 0, { timeoutMs: 20_000, what: "a first event through the notification" });
        await insertEvent("first");
        await waitFor(async () => seen, (s) => s.includes("first"), { timeoutMs: 20_000, what: "the event, without a poll" });

        const [{ pid }] = await listeners();
        await db.pool.query(`SELECT pg_terminate_backend($1)`, [pid]);
        await waitFor(() => listeners(), (l) => l.length === 1 && l[0].pid !== pid, { timeoutMs: 20_000, what: "a new listening connection" });
        await insertEvent("after-reconnect");
        await waitFor(async () => seen, (s) => s.includes("after-reconnect"), { timeoutMs: 20_000, what: "the event after the reconnection" });
      } finally {
        unlisten();
      }
      await waitFor(() => listeners(), (l) => l.length === 0, { timeoutMs: 20_000, what: "the listening connection closed with the feed" });
    });

    it("the notifier reports that notifications arrive", async () => {
      const n = listenForChanges(options(), () => {});
      try {
        expect(await n.ready).toBe(true);
      } finally {
        await n.stop();
      }
    });
  } else {
    it("finds that no notification arrives, closes its connection, and the feed still delivers by polling", async () => {
      const n = listenForChanges(options(), () => {}, { probeTimeoutMs: 1000 });
      expect(await n.ready).toBe(false);
      await n.stop();
      const feed = new EventFeed(db.pool, 100, notificationsOf(db.pool));
      const seen: string[] = [];
      const unlisten = feed.listen((e) => seen.push(e.api.name));
      try {
        await waitFor(async () => (await insertEvent("polled"), seen), (s) => s.includes("polled"), { timeoutMs: 20_000, what: "the event by polling" });
      } finally {
        unlisten();
      }
    });
  }
});
