// The shared pool survives a connection lost while checked out between two queries (the server
// restarting mid-transaction): no uncaught 'error' event, the next query fails, the pool goes on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../helpers/db";

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("database pool on PostgreSQL", () => {
  let db: TestDb;

  beforeAll(async () => {
    db = await freshDb("postgres");
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it("reports a connection lost while checked out through the next query, not as an uncaught error", async () => {
    const client = await db.pool.connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    // another session ends this client's backend while no query of it is running
    await db.pool.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
    await new Promise((r) => setTimeout(r, 200));
    await expect(client.query("SELECT 1")).rejects.toThrow();
    client.release(true);
    expect((await db.pool.query("SELECT 1 AS ok")).rows[0].ok).toBe(1);
  });
});
