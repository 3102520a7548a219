// A lease row in Postgres: one holder at a time, taken over once it expires. Portable to
// PGlite (where session advisory locks would be shared by multiplexed connections).
import type pg from "pg";

/** Takes or renews the lease; returns whether `holder` holds it now. */
export async function acquireLease(pool: pg.Pool, name: string, holder: string, ttlMs: number): Promise<boolean> {
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
