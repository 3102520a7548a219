// The one database handle: a pg pool shared by Prisma (through @prisma/adapter-pg) and by the
// few bulk statements that Prisma cannot express (unnest upserts in the sync).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { loadConfig } from "../env";
import { logger } from "../log";

export type Db = {
  prisma: PrismaClient;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
};

export type DbOptions = {
  /** pool size; PGlite serves at most 8 connections in all, so keep this small */
  max?: number;
  /** how long to wait for a connection before failing (the web answers 503 meanwhile) */
  connectionTimeoutMillis?: number;
  /** name shown in pg_stat_activity */
  applicationName?: string;
};

// BIGINT columns (ids of change events) come back as strings from pg; Prisma handles its own
// parsing, and raw queries convert explicitly.

/** Opens a pool and a Prisma client on it. The pool never crashes the process on idle errors. */
export function createDb(url: string, opts: DbOptions = {}): Db {
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
  const adapter = new PrismaPg(pool, {
    onPoolError: (err) => logger.warn("database pool error", { error: err.message }),
  });
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    pool,
    url,
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

const globalForDb = globalThis as unknown as { __signpostDb?: Db };

/** The process-wide database (DATABASE_URL). Next.js dev reloads modules, hence the global. */
export function getDb(): Db {
  if (!globalForDb.__signpostDb) {
    const { DATABASE_URL } = loadConfig();
    if (!DATABASE_URL) {
      throw new Error("DATABASE_URL is not set (npm start sets it to the embedded database)");
    }
    // Fail fast when the database is down: requests answer 503 within ~2 s instead of hanging.
    globalForDb.__signpostDb = createDb(DATABASE_URL, { applicationName: "signpost-web", connectionTimeoutMillis: 2000 });
  }
  return globalForDb.__signpostDb;
}

/** Sets the process-wide database (the worker and tests build their own). */
export function setDb(db: Db | undefined): void {
  globalForDb.__signpostDb = db;
}
