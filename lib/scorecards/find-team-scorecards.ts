// GET /api/v1/scorecards: per team, how many live APIs reach each level and fail each check.
import type pg from "pg";
import type { TScorecardList } from "../api/schemas/scorecard";

type Queryable = Pick<pg.Pool, "query">;

/** The scorecard summary of every team (null: APIs without one), or of `teams` only. */
export async function findTeamScorecards(db: Queryable, teams?: string[]): Promise<TScorecardList> {
  const filter = teams?.length ? "AND a.team = ANY($1::text[])" : "";
  const args = teams?.length ? [teams] : [];
  const { rows: levels } = await db.query<{ team: string | null; level: string | null; n: number }>(
    `SELECT a.team, s.level, count(*)::int AS n FROM apis a LEFT JOIN api_scorecards s ON s.api_id = a.id
     WHERE a.gone_at IS NULL ${filter} GROUP BY a.team, s.level`,
    args,
  );
  const { rows: failing } = await db.query<{ team: string | null; check_id: string; n: number }>(
    `SELECT a.team, f.id AS check_id, count(*)::int AS n FROM apis a JOIN api_scorecards s ON s.api_id = a.id, unnest(s.failing) AS f(id)
     WHERE a.gone_at IS NULL ${filter} GROUP BY a.team, f.id`,
    args,
  );
  const byTeam = new Map<string | null, TScorecardList["data"][number]>();
  const entry = (team: string | null) => {
    let e = byTeam.get(team);
    if (!e) byTeam.set(team, (e = { team, apis: 0, levels: {}, failing: {} }));
    return e;
  };
  for (const r of levels) {
    const e = entry(r.team);
    e.apis += r.n;
    const level = r.level ?? "unscored";
    e.levels[level] = (e.levels[level] ?? 0) + r.n;
  }
  for (const r of failing) entry(r.team).failing[r.check_id] = r.n;
  const data = [...byTeam.values()].sort((a, b) => (a.team === null ? 1 : b.team === null ? -1 : a.team.localeCompare(b.team)));
  return { data };
}
