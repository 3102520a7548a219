// The database for `signpost start`: DATABASE_URL if set (checked now, with a clear error),
// else the embedded PostgreSQL persisted in the data directory. Migrations run here.
import path from "node:path";
import pg from "pg";
import type { Config } from "../env";
import { startEmbeddedDb, type EmbeddedDb } from "../db/embedded";
import { migrate } from "../db/migrate";
import { logger } from "../log";

export type RuntimeDatabase = { url: string; embedded?: EmbeddedDb; stop(): Promise<void> };

/** Opens (or starts) the database and applies migrations. */
export async function connectDatabase(config: Config): Promise<RuntimeDatabase> {
  let url = config.DATABASE_URL;
  let embedded: EmbeddedDb | undefined;
  if (url) {
    await probe(url);
  } else {
    const dir = path.join(config.dataDir, "pgdata");
    embedded = await startEmbeddedDb(dir, config.SIGNPOST_EMBEDDED_DB_PORT);
    url = embedded.url;
    logger.info("embedded database ready", { dataDir: dir });
  }
  const r = await migrate(url);
  if (r.applied.length) logger.info("database migrated", { applied: r.applied });
  return { url, embedded, stop: async () => embedded?.stop() };
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
