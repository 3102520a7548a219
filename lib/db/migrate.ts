// Applies prisma/migrations/*/migration.sql at start-up and records them in _prisma_migrations
// exactly as `prisma migrate deploy` does (sha256 checksum of the file), under Prisma's own
// advisory lock so two processes starting together apply each migration once.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { logger } from "../log";

/** The advisory lock id the Prisma schema engine uses for migrations. */
const PRISMA_MIGRATE_LOCK = 72707369;

export type Migration = { name: string; sql: string; checksum: string };

/** Lists migrations in name (timestamp) order. */
export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  // turbopackIgnore: the folder is read at run time; the Dockerfile copies it next to the server.
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) throw new Error(`migrations folder not found: ${dir}`);
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export function defaultMigrationsDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export type MigrateResult = { applied: string[]; alreadyApplied: number };

/** Applies pending migrations; safe to call from several processes at once. */
export async function migrate(url: string, dir = defaultMigrationsDir()): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, options: "-c TimeZone=UTC" });
  client.on("error", () => {}); // reported through the failing query instead
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum" VARCHAR(64) NOT NULL,
        "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT,
        "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0
      )`);
      const { rows } = await client.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations"
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      const applied: string[] = [];
      for (const m of migrations) {
        const seen = done.get(m.name);
        if (seen !== undefined) {
          if (seen !== m.checksum) {
            logger.warn("an applied migration was edited afterwards", { migration: m.name });
          }
          continue;
        }
        await applyOne(client, m);
        applied.push(m.name);
      }
      for (const name of done.keys()) {
        if (!migrations.some((m) => m.name === name)) {
          throw new Error(
            `the database has migration ${name}, which this version of Signpost does not know; it was migrated by a newer version`,
          );
        }
      }
      return { applied, alreadyApplied: migrations.length - applied.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function applyOne(client: pg.Client, m: Migration): Promise<void> {
  const id = crypto.randomUUID();
  const started = new Date();
  // Postgres DDL is transactional: a failing migration leaves nothing half-applied.
  try {
    await client.query("BEGIN");
    await client.query(m.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, $4, 1)`,
      [id, m.checksum, m.name, started],
    );
    await client.query("COMMIT");
    logger.info("applied migration", { migration: m.name });
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    // Recorded as Prisma records a failure, and as rolled back because the transaction was.
    await client
      .query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, NULL, $3, $4, now(), $5, 0)`,
        [id, m.checksum, m.name, String((err as Error).message), started],
      )
      .catch(() => {});
    throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
  }
}
