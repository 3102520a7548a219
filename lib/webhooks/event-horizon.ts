// How far the change log can be handed to subscriptions without skipping an event. Event ids
// come from a sequence, so they are allocated in order but committed in any order: while a
// transaction that took id 41 is still open, id 42 may already be visible. Handing out 42 and
// moving a cursor past 41 would lose 41 for good. So:
// - when no other session holds a write lock on change_events, every id the sequence has handed
//   out so far is settled (committed or rolled back), and the horizon is the sequence's value;
// - otherwise the horizon stops before the first missing id, and a missing id is given up on
//   (a rolled-back insert) only after it stayed missing for `graceMs`.
import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

export type HorizonOptions = {
  /** how long a missing id may hold the horizon while writers are active */
  graceMs: number;
  /** at most this many events are handed out per step */
  batch: number;
};

/** Tracks the ids found missing (in memory: a restart only waits for them once more). */
export class EventHorizon {
  private readonly missingSince = new Map<string, number>();

  constructor(private readonly opts: HorizonOptions) {}

  /** The highest event id, above `from`, up to which every event can be handed out now. */
  async advance(db: Queryable, from: bigint, last: bigint): Promise<bigint> {
    if (last <= from) return from;
    // Order matters: the sequence value was read before the lock check, and the rows after it.
    const locks = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE relation = 'change_events'::regclass AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()`,
    );
    // Ordered by the bigint column: the text alias "id" would sort "10" before "9".
    const { rows } = await db.query<{ id: string }>(
      `SELECT id::text AS id FROM change_events WHERE id > $1 AND id <= $2 ORDER BY change_events.id LIMIT $3`,
      [from.toString(), last.toString(), this.opts.batch],
    );
    const ids = rows.map((r) => BigInt(r.id));
    const upper = ids.length === this.opts.batch ? ids[ids.length - 1] : last;
    if (locks.rows[0].n === 0) {
      this.missingSince.clear();
      return upper;
    }
    let expected = from + BigInt(1);
    for (const id of [...ids, upper + BigInt(1)]) {
      if (id > expected && !this.givenUp(expected)) return this.forgetBelow(expected - BigInt(1));
      expected = id + BigInt(1);
    }
    return this.forgetBelow(upper);
  }

  private givenUp(id: bigint): boolean {
    const key = id.toString();
    const since = this.missingSince.get(key) ?? Date.now();
    this.missingSince.set(key, since);
    return Date.now() - since >= this.opts.graceMs;
  }

  private forgetBelow(horizon: bigint): bigint {
    for (const key of this.missingSince.keys()) if (BigInt(key) <= horizon) this.missingSince.delete(key);
    return horizon;
  }
}
