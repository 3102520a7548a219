// The database as SQL code sees it: a pg pool. Prisma (lib/db/client.ts) is attached on top of
// the same pool where it is used; the worker speaks SQL and attaches it only when a Service
// registers through annotations, so a worker that registers nothing never loads Prisma's client
// (about 300 ms of module loading and 20 MiB resident on this machine's Node 20).
import pg from "pg";
import type { PrismaClient } from "./generated/client";
import { logger } from "../log";

export type DbOptions = {
  /** pool size; PGlite serves at most 8 connections in all, so keep this small */
  max?: number;
  /** how long to wait for a connection before failing (the web answers 503 meanwhile) */
  connectionTimeoutMillis?: number;
  /** name shown in pg_stat_activity */
  applicationName?: string;
};

/** A pool and, once something attached it (withPrisma in lib/db/client.ts), a Prisma client on it. */
export type SqlDb = {
  pool: pg.Pool;
  url: string;
  prisma?: PrismaClient;
  close(): Promise<void>;
};

/** Opens a pool that never crashes the process on idle errors. */
export function createPool(url: string, opts: DbOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 4,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? "signpost",
    // Timestamps are stored without time zone; every session writes and reads them in UTC.
    options: "-c TimeZone=UTC",
  });
  pool.on("error", (err) => logger.warn("database connection lost", { error: err.message }));
  // The pool listens for errors only on idle clients. A checked-out client between two queries
  // of a transaction (the server restarting right then) would otherwise raise an uncaught
  // 'error'; its next query fails and the caller handles that.
  pool.on("connect", (client) => client.on("error", (err) => logger.debug("database connection lost in use", { error: err.message })));
  return pool;
}

/** A pool without Prisma; close() also disconnects the Prisma client attached later, if any. */
export function createSqlDb(url: string, opts: DbOptions = {}): SqlDb {
  const pool = createPool(url, opts);
  const db: SqlDb = {
    pool,
    url,
    async close() {
      await db.prisma?.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
  return db;
}
