// Test databases: the embedded PGlite always, and a real PostgreSQL server when
// TEST_DATABASE_URL is set (.ci/run sets it). Each call makes a fresh, migrated database.
import crypto from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "../../lib/db/client";
import { startEmbeddedDb } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

export type TestDb = Db & { kind: "pglite" | "postgres"; adminUrl?: string; dbName?: string; dispose(): Promise<void> };

export type DbKind = "pglite" | "postgres";

/** The database kinds to run database tests against on this machine. */
export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** A fresh migrated database of the given kind; dispose() drops it. */
export async function freshDb(kind: DbKind, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  if (kind === "pglite") {
    const embedded = await startEmbeddedDb(undefined, 0);
    if (opts.migrate !== false) await migrate(embedded.url);
    const db = createDb(embedded.url, { max: 4 });
    return {
      ...db,
      kind,
      async dispose() {
        await db.close();
        await embedded.stop();
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const dbName = `signpost_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = withDatabase(adminUrl, dbName);
  if (opts.migrate !== false) await migrate(url);
  const db = createDb(url, { max: 4 });
  return {
    ...db,
    kind,
    adminUrl,
    dbName,
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}

/** Replaces the database name in a postgres URL. */
export function withDatabase(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}
