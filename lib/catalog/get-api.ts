// Reads one catalog API by id, with what a caller must do, its scorecard and its health.
import type { PrismaClient } from "../db/generated/client";
import type { TApi, TApiDetail } from "../api/schemas/api";
import type { TScorecard } from "../api/schemas/scorecard";
import { ApiError } from "../api/errors";
import { isUuid } from "../api/schemas/common";
import { requirementsOf } from "./requirements-of";
import { healthJsonSql } from "../health/health-dto";
import type { TApiHealth } from "../api/schemas/health";
import { upstreamHealthOf } from "../health/upstream-health-of";

type Row = { doc: string; health: string | null; level: string | null; passed: number | null; required: number | null; failing: string[] | null; checks: TScorecard["checks"] | null; evaluated_at: Date | null };

/**
 * The API with this id (gone ones included); 404 when there is none. One statement reads its
 * stored document (exposures included), its scorecard and its health, so they come from one
 * snapshot: the writer changes document and scorecard in one transaction, and a reader never
 * sees one without the other. Kong's target health behind it is read after.
 */
export async function getApi(prisma: PrismaClient, id: string): Promise<TApiDetail> {
  if (!isUuid(id)) throw new ApiError("not_found", `no API with id ${id}`);
  // An API row always has its document (api-docs.ts); signpost_api_doc builds it from the rows
  // should one be missing.
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    `SELECT coalesce(d.doc, signpost_api_doc(a)) AS doc, s.level, s.passed, s.required, s.failing, s.checks, s.updated_at AS evaluated_at,
       ${healthJsonSql("h")} AS health
     FROM apis a LEFT JOIN api_docs d ON d.api_id = a.id LEFT JOIN api_scorecards s ON s.api_id = a.id LEFT JOIN api_health h ON h.api_id = a.id
     WHERE a.id = $1::uuid`,
    id,
  );
  const row = rows[0];
  if (!row) throw new ApiError("not_found", `no API with id ${id}`);
  const api = JSON.parse(row.doc) as TApi;
  const scorecard: TScorecard | null =
    row.level !== null
      ? { level: row.level, passed: row.passed!, required: row.required!, failing: row.failing ?? [], checks: row.checks ?? [], evaluatedAt: row.evaluated_at!.toISOString() }
      : null;
  const health = row.health === null ? null : (JSON.parse(row.health) as TApiHealth);
  return { ...api, requirements: requirementsOf(api), scorecard, health, upstreamHealth: await upstreamHealthOf(prisma, api) };
}
