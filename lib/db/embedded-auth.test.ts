// The embedded database asks for its password (SCRAM-SHA-256): node-postgres and libpq's psql
// get in with it and are refused (28P01) without it, as by a PostgreSQL server.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDb, type EmbeddedDb } from "./embedded";

const run = promisify(execFile);
// libpq's psql (PostgreSQL's client package; CI has it for pg_isready) is a second, independent client.
const hasPsql = spawnSync("psql", ["--version"]).status === 0;
const PASSWORD = "s3cret-Pässword-0123456789";
let db: EmbeddedDb;
beforeAll(async () => {
  db = await startEmbeddedDb(undefined, 0, PASSWORD);
});
afterAll(async () => db?.stop());

async function connect(password: string | undefined, user = "postgres"): Promise<string> {
  const client = new pg.Client({ host: "127.0.0.1", port: db.port, user, password, database: "postgres" });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.query("SELECT current_user AS u")).rows[0].u as string;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("the embedded database's password", () => {
  it("lets node-postgres in with the password, and through the URL it returns", async () => {
    expect(await connect(PASSWORD)).toBe("postgres");
    const pool = new pg.Pool({ connectionString: db.url, max: 3 });
    const rows = await Promise.all([1, 2, 3].map((i) => pool.query("SELECT $1::int AS i", [i]).then((r) => r.rows[0].i)));
    expect(rows).toEqual([1, 2, 3]);
    await pool.end();
  });

  it("refuses a wrong, empty or default password with 28P01", async () => {
    for (const pw of ["wrong", "postgres"]) {
      await expect(connect(pw), pw).rejects.toMatchObject({ code: "28P01", message: 'password authentication failed for user "postgres"' });
    }
    // node-postgres itself refuses to answer SCRAM without a password
    await expect(connect(undefined)).rejects.toThrow(/password/);
    await expect(connect("postgres", "other")).rejects.toMatchObject({ code: "28P01" });
  });

  it.skipIf(!hasPsql)("speaks SCRAM as libpq expects (psql)", async () => {
    const psql = (password: string) =>
      run("psql", ["-h", "127.0.0.1", "-p", String(db.port), "-U", "postgres", "-d", "postgres", "-tAc", "SELECT 40 + 2"], {
        env: { ...process.env, PGPASSWORD: password, PGSSLMODE: "prefer", PGCONNECT_TIMEOUT: "5" },
      });
    expect((await psql(PASSWORD)).stdout.trim()).toBe("42");
    await expect(psql("nope")).rejects.toMatchObject({ stderr: expect.stringContaining('password authentication failed for user "postgres"') });
  });
});
