// A lease row in Postgres: one holder at a time, taken over once it expires. Portable to
// PGlite (where session advisory locks would be shared by multiplexed connections).
import type pg from "pg";

/**
 * Takes or renews the lease; returns whether `holder` holds it now.
 * A renewal changes `expires_at` alone: a row lock that fenced writes (FOR KEY SHARE, holdsLease)
 * never block, however many overlap. A takeover changes `holder`, a key column (the unique index
 * on name and holder), so it waits until the former holder's fenced writes have ended.
 */
export async function acquireLease(pool: pg.Pool, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const renewed = await pool.query(`UPDATE leases SET expires_at = now() + ($3::int * interval '1 millisecond') WHERE name = $1 AND holder = $2`, [name, holder, ttlMs]);
  if (renewed.rowCount) return true;
  // Held by another worker and not expired: nothing to take (and no lock to wait for).
  const current = await pool.query(`SELECT 1 FROM leases WHERE name = $1 AND expires_at >= now()`, [name]);
  if (current.rowCount) return false;
  const { rows } = await pool.query<{ holder: string }>(
    `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + ($3::int * interval '1 millisecond'))
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE leases.holder = EXCLUDED.holder OR leases.expires_at < now()
     RETURNING holder`,
    [name, holder, ttlMs],
  );
  return rows[0]?.holder === holder;
}

/** Gives the lease up (only if `holder` holds it). */
export async function releaseLease(pool: pg.Pool, name: string, holder: string): Promise<void> {
  await pool.query(`DELETE FROM leases WHERE name = $1 AND holder = $2`, [name, holder]);
}

/** The lease of the worker that syncs (and runs what only one worker may run: the prober). */
export const SYNC_LEASE = "sync";

/**
 * Whether `holder` holds the lease now. Inside a transaction, `fence` keeps it so until the
 * transaction ends: FOR KEY SHARE, which a takeover waits for and a renewal does not (acquireLease).
 */
export async function holdsLease(client: Pick<pg.Pool, "query">, name: string, holder: string, fence = false): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM leases WHERE name = $1 AND holder = $2 AND expires_at > now()${fence ? " FOR KEY SHARE" : ""}`, [name, holder]);
  return rows.length > 0;
}
