// The one database handle: a pg pool shared by Prisma (through @prisma/adapter-pg) and by the
// few bulk statements that Prisma cannot express (unnest upserts in the sync).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { loadConfig } from "../env";
import { logger } from "../log";
import { createSqlDb, type DbOptions, type SqlDb } from "./pool";

export type { DbOptions, SqlDb } from "./pool";

export type Db = SqlDb & { prisma: PrismaClient };

// BIGINT columns (ids of change events) come back as strings from pg; Prisma handles its own
// parsing, and raw queries convert explicitly.

/** Opens a pool and a Prisma client on it. The pool never crashes the process on idle errors. */
export function createDb(url: string, opts: DbOptions = {}): Db {
  return withPrisma(createSqlDb(url, opts));
}

/**
 * `db` itself, with a Prisma client on its pool: the one it has, or a new one (kept on it; its
 * close() disconnects it). Constructing the client loads nothing more: the query compiler loads
 * with the first query.
 */
export function withPrisma(db: SqlDb): Db {
  db.prisma ??= new PrismaClient({
    adapter: new PrismaPg(db.pool, { onPoolError: (err) => logger.warn("database pool error", { error: err.message }) }),
  });
  return db as Db;
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
