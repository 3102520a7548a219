// A registration change in progress (table registration_intents): recorded before the gateway is
// touched, it serialises changes of one gateway and name across processes (a second change
// waits for the first) and keeps what the gateway held before, so that a change interrupted by a
// crash or a database outage is put back by whoever finds it expired.
import crypto from "node:crypto";
import type pg from "pg";
import { ApiError } from "../api/errors";

type Queryable = Pick<pg.Pool, "query">;

export type IntentOp = "register" | "deregister";

/** An intent as stored. */
export type IntentRow = { gateway: string; name: string; op: IntentOp; holder: string; spec: unknown; previous: unknown; actor: string };

export type IntentOptions = {
  /** how long the holder may take before others treat the change as interrupted */
  ttlMs?: number;
  /** how long to wait for another change of the same name to finish */
  waitMs?: number;
  /** puts back an interrupted change found expired (restores `previous` on the gateway) */
  recover: (row: IntentRow) => Promise<void>;
};

/** A held intent: record what the gateway held, then finish (in the caller's transaction) or abandon. */
export type Intent = {
  readonly holder: string;
  savePrevious(previous: unknown): Promise<void>;
  /** deletes the intent inside the caller's transaction (the change is recorded) */
  finish(client: Queryable): Promise<void>;
  /** the same as finish(), for a transaction that is not a pg client (Prisma's $executeRawUnsafe) */
  finishRaw(exec: (sql: string, ...args: unknown[]) => Promise<unknown>): Promise<void>;
  /** deletes the intent after the gateway was put back */
  abandon(): Promise<void>;
  /** stops renewing without deleting: the change could not be put back, so it expires and is recovered */
  release(): void;
};

// Short, and renewed while the change runs: a crashed holder's change is put back within 30 s,
// while a slow but live one (Kong retrying) is never mistaken for an interrupted one.
const DEFAULT_TTL = 30_000;

/** Takes the intent for gateway/name, waiting for a change in progress and recovering an expired one. */
export async function beginIntent(
  db: Queryable,
  key: { gateway: string; name: string },
  change: { op: IntentOp; spec: unknown; actor: string },
  o: IntentOptions,
): Promise<Intent> {
  const holder = crypto.randomUUID();
  const ttl = o.ttlMs ?? DEFAULT_TTL;
  const deadline = Date.now() + (o.waitMs ?? 15_000);
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    const { rows } = await db.query(
      `INSERT INTO registration_intents (gateway, name, op, holder, spec, actor, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, now(), now() + ($7::int * interval '1 millisecond'))
       ON CONFLICT (gateway, name) DO NOTHING RETURNING holder`,
      [key.gateway, key.name, change.op, holder, JSON.stringify(change.spec ?? null), change.actor, ttl],
    );
    if (rows.length) break;
    await recoverExpired(db, key, o.recover);
    if (Date.now() > deadline) {
      throw new ApiError("conflict", `another change of "${key.name}" on gateway "${key.gateway}" is in progress; retry when it has finished`, {
        conflict: { kind: "in-progress", gateway: key.gateway, name: key.name },
      }, { "retry-after": "2" });
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  const where = `gateway = $1 AND name = $2 AND holder = $3`;
  const args = [key.gateway, key.name, holder];
  const renew = setInterval(() => {
    db.query(`UPDATE registration_intents SET expires_at = now() + ($4::int * interval '1 millisecond') WHERE ${where}`, [...args, ttl]).catch(() => {});
  }, Math.max(50, Math.floor(ttl / 3)));
  renew.unref?.();
  return {
    holder,
    async savePrevious(previous) {
      const r = await db.query(`UPDATE registration_intents SET previous = $4::jsonb WHERE ${where}`, [...args, JSON.stringify(previous)]);
      if (!r.rowCount) throw new Error(`the intent for ${key.gateway}/${key.name} was taken over`);
    },
    async finish(client) {
      await client.query(`DELETE FROM registration_intents WHERE ${where}`, args);
      clearInterval(renew);
    },
    async finishRaw(exec) {
      await exec(`DELETE FROM registration_intents WHERE ${where}`, ...args);
      clearInterval(renew);
    },
    async abandon() {
      clearInterval(renew);
      await db.query(`DELETE FROM registration_intents WHERE ${where}`, args);
    },
    release() {
      clearInterval(renew);
    },
  };
}

/**
 * Recovers the expired intent of gateway/name, if there is one: takes it over (so two
 * recoverers never both act), puts the gateway back, then deletes it. A recovery that fails
 * leaves the intent for the next attempt.
 */
export async function recoverExpired(db: Queryable, key: { gateway: string; name: string }, recover: (row: IntentRow) => Promise<void>): Promise<boolean> {
  const taker = crypto.randomUUID();
  const { rows } = await db.query<IntentRow>(
    `UPDATE registration_intents SET holder = $3, expires_at = now() + interval '1 minute'
     WHERE gateway = $1 AND name = $2 AND expires_at < now() RETURNING gateway, name, op, holder, spec, previous, actor`,
    [key.gateway, key.name, taker],
  );
  if (!rows[0]) return false;
  await recover(rows[0]);
  await db.query(`DELETE FROM registration_intents WHERE gateway = $1 AND name = $2 AND holder = $3`, [key.gateway, key.name, taker]);
  return true;
}

/** Gateway and name of every expired intent (the worker recovers them). */
export async function expiredIntents(db: Queryable): Promise<{ gateway: string; name: string }[]> {
  const { rows } = await db.query<{ gateway: string; name: string }>(
    `SELECT gateway, name FROM registration_intents WHERE expires_at < now() ORDER BY expires_at LIMIT 100`,
  );
  return rows;
}
