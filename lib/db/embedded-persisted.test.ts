// The embedded database in a data directory: created on the first start (by a child process,
// bin/create-embedded-db.mjs), opened as it is on the next, and a directory it cannot use is
// refused with the reason.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { startEmbeddedDb } from "./embedded";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-embedded-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function query(url: string, sql: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

it("creates a database in a new directory and opens it again, with what was written", { timeout: 120_000 }, async () => {
  const dir = path.join(root, "pgdata");
  const first = await startEmbeddedDb(dir, 0, "first-password-0123456789");
  expect(fs.existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
  await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
  await first.stop();
  const second = await startEmbeddedDb(dir, 0, "second-password-0123456789");
  try {
    expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    expect(await query(second.url, "SHOW shared_buffers")).toEqual([{ shared_buffers: "32MB" }]);
  } finally {
    await second.stop();
  }
});

it("refuses a data directory that is a file, naming it and the reason", async () => {
  const file = path.join(root, "not-a-directory");
  fs.writeFileSync(file, "x");
  await expect(startEmbeddedDb(file, 0)).rejects.toThrow(`cannot open the embedded database in ${file}: it is not a directory`);
});

it("says why the child process could not create a database", { timeout: 60_000 }, async () => {
  // A directory with something in it but no database: initdb leaves it alone, and PostgreSQL
  // cannot start on it; the child's message comes back.
  const dir = path.join(root, "half-made");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "global"), "not a directory");
  await expect(startEmbeddedDb(dir, 0)).rejects.toThrow(new RegExp(`^cannot open the embedded database in ${dir}: creating the database failed \\(exit 1\\): not a directory`));
});
