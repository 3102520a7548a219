// The database for `signpost start`: DATABASE_URL if set (checked now, with a clear error),
// else the embedded PostgreSQL persisted in the data directory. Migrations run here.
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { Config } from "../env";
import type { EmbeddedDb } from "../db/embedded";
import { migrate } from "../db/migrate";
import { logger } from "../log";
import { readOrCreatePrivateFile } from "./private-file";

export type RuntimeDatabase = { url: string; embedded?: EmbeddedDb; stop(): Promise<void> };

/** Opens (or starts) the database and applies migrations. */
export async function connectDatabase(config: Config): Promise<RuntimeDatabase> {
  let url = config.DATABASE_URL;
  let embedded: EmbeddedDb | undefined;
  if (url) {
    await probe(url);
  } else {
    const dir = path.join(config.dataDir, "pgdata");
    // Loaded only here: a worker or start on PostgreSQL never loads PGlite.
    const { startEmbeddedDb } = await import("../db/embedded");
    embedded = await startEmbeddedDb(dir, config.SIGNPOST_EMBEDDED_DB_PORT, embeddedDbPassword(config.dataDir));
    url = embedded.url;
    logger.info("embedded database ready", { dataDir: dir });
  }
  const r = await migrate(url);
  if (r.applied.length) logger.info("database migrated", { applied: r.applied });
  return { url, embedded, stop: async () => embedded?.stop() };
}

/** The embedded database's password: generated once, kept in <data dir>/db-password (mode 0600). */
export function embeddedDbPassword(dataDir: string): string {
  const file = path.join(dataDir, "db-password");
  return readOrCreatePrivateFile(file, {
    generate: () => crypto.randomBytes(24).toString("base64url"),
    valid: (text) => text.length >= 16 && !/\s/.test(text),
    malformed: `${file} must hold one password of at least 16 characters; delete it to generate a new one`,
  }).value;
}

async function probe(url: string): Promise<void> {
  const where = describe(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`DATABASE_URL: cannot reach the database at ${where}: ${e.code ? `${e.code} ` : ""}${e.message}`.trim());
  } finally {
    await client.end().catch(() => {});
  }
}

/** host:port/db of a URL without its credentials. */
export function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}
