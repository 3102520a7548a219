// Change event ids come from a sequence: allocated in order, but two transactions could commit
// out of order, and a reader that moved past id 42 would never see 41 committed later. Every
// transaction that appends events takes this lock first (held until commit), so events commit in
// id order and "id > last seen" never skips one. Take it last, right before the insert.
import type pg from "pg";

const EVENT_LOG_LOCK = 73_171_701;

/** Serialises appends to change_events until the surrounding transaction ends. */
export async function lockEventLog(client: Pick<pg.PoolClient, "query">): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1)", [EVENT_LOG_LOCK]);
}
