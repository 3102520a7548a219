// The migration that keeps a stored scorecard's statuses only (20261205175344_scorecard_statuses):
// a scorecard stored with its sentences, before it, becomes {id: status}, its configuration hash
// is cleared so the worker rescores it under its own, and until then a reader writes it under the
// reader's configuration. PGlite and, when TEST_DATABASE_URL is set, PostgreSQL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, migrate } from "../../lib/db/migrate";
import { getApi } from "../../lib/catalog/get-api";
import { rescoreStale } from "../../lib/scorecards/rescore-stale";
import { DEFAULT_SCORECARD_CONFIG, scorecardConfigHash } from "../../lib/scorecards/scorecard-config";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

const MIGRATION = "20261205175344_scorecard_statuses";

/** A migrations folder holding those before MIGRATION only. */
function migrationsBefore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-migrations-"));
  for (const name of fs.readdirSync(defaultMigrationsDir())) {
    if (name < MIGRATION && fs.existsSync(path.join(defaultMigrationsDir(), name, "migration.sql"))) fs.cpSync(path.join(defaultMigrationsDir(), name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

describe.each(dbKinds())("scorecards stored before the statuses-only migration (%s)", (kind) => {
  let db: TestDb;
  let id: string;
  let older: string;

  beforeAll(async () => {
    db = await freshDb(kind, { migrate: false });
    older = migrationsBefore();
    expect((await migrate(db.url, older)).applied).not.toContain(MIGRATION);
    id = (
      await db.pool.query<{ id: string }>(
        `INSERT INTO apis (id, key, name, team, exposure_mode, modes, managed_by, search_text, content_hash, event_hash, ready_pods, total_pods)
         VALUES (gen_random_uuid(), 'k8s:c1/shop/usermgr', 'usermgr', 'identity', 'ClusterIP', '{ClusterIP}', 'kubernetes', 'usermgr', 'h', 'h', 2, 3) RETURNING id`,
      )
    ).rows[0].id;
    await db.pool.query(`INSERT INTO api_docs (api_id, doc) SELECT a.id, signpost_api_doc(a) FROM apis a WHERE a.id = $1`, [id]);
    const checks = [
      { id: "owner", title: "Owner known", status: "pass", required: true, reason: "Team identity owns it.", fix: null },
      { id: "endpoints", title: "Ready endpoints", status: "pass", required: true, reason: "2 of 3 endpoints are ready.", fix: null },
    ];
    await db.pool.query(
      `INSERT INTO api_scorecards (api_id, level, failing, passed, required, checks, summary, config_hash) VALUES ($1, 'gold', '{}', 2, 2, $2::jsonb, '{}', $3)`,
      [id, JSON.stringify(checks), scorecardConfigHash(DEFAULT_SCORECARD_CONFIG)],
    );
    expect((await migrate(db.url)).applied).toEqual([MIGRATION]);
  });

  afterAll(async () => {
    await db?.dispose();
    fs.rmSync(older, { recursive: true, force: true });
  });

  it("keeps each check's status, clears the configuration hash, and a reader writes the sentences", async () => {
    const { rows } = await db.pool.query(`SELECT checks, config_hash FROM api_scorecards WHERE api_id = $1`, [id]);
    expect(rows).toEqual([{ checks: { owner: "pass", endpoints: "pass" }, config_hash: "" }]);
    const api = await getApi(db.prisma, id);
    expect(api.scorecard!.checks.find((c) => c.id === "endpoints")).toEqual({ id: "endpoints", title: "Ready endpoints", status: "pass", required: true, reason: "2 of 3 endpoints are ready.", fix: null });
  });

  it("the worker's rescore stores its configuration with the statuses", async () => {
    const client = await db.pool.connect();
    try {
      expect(await rescoreStale(client, DEFAULT_SCORECARD_CONFIG)).toBe(1);
    } finally {
      client.release();
    }
    const hash = scorecardConfigHash(DEFAULT_SCORECARD_CONFIG);
    const { rows } = await db.pool.query(`SELECT s.checks, s.config_hash, k.config FROM api_scorecards s JOIN scorecard_configs k ON k.hash = s.config_hash WHERE s.api_id = $1`, [id]);
    expect(rows).toEqual([{ checks: expect.objectContaining({ owner: "pass", endpoints: "pass", contract: "fail" }), config_hash: hash, config: DEFAULT_SCORECARD_CONFIG }]);
    expect(Object.keys(rows[0].checks)).toHaveLength(8);
  });
});
