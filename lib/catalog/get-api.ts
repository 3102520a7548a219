// Reads one catalog API by id, with what a caller must do, its scorecard and its health.
import type { PrismaClient } from "../db/generated/client";
import type { TApi, TApiDetail } from "../api/schemas/api";
import { ApiError } from "../api/errors";
import { isUuid } from "../api/schemas/common";
import { requirementsOf } from "./requirements-of";
import { healthJsonSql } from "../health/health-dto";
import type { TApiHealth } from "../api/schemas/health";
import { upstreamHealthOf } from "../health/upstream-health-of";
import { storedScorecard } from "../scorecards/stored-scorecard";

type Row = {
  doc: string;
  health: string | null;
  scored_at: Date | null;
  scorecard_config: string | null;
  contract_version: number | null;
  contract_source_url: string | null;
  contract_fetch_error: string | null;
};

/**
 * The API with this id (gone ones included); 404 when there is none. One statement reads its
 * stored document (exposures included), its scorecard (with the contract and the configuration
 * its checks' sentences are written from: stored-scorecard.ts) and its health, so they come from
 * one snapshot: the writer changes document and scorecard in one transaction, and a reader never
 * sees one without the other. Kong's target health behind it is read after.
 */
export async function getApi(prisma: PrismaClient, id: string): Promise<TApiDetail> {
  if (!isUuid(id)) throw new ApiError("not_found", `no API with id ${id}`);
  // An API row always has its document (api-docs.ts); signpost_api_doc builds it from the rows
  // should one be missing.
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    `SELECT coalesce(d.doc, signpost_api_doc(a)) AS doc, s.updated_at AS scored_at, k.config::text AS scorecard_config,
       c.version AS contract_version, c.source_url AS contract_source_url, c.fetch_error AS contract_fetch_error,
       ${healthJsonSql("h")} AS health
     FROM apis a LEFT JOIN api_docs d ON d.api_id = a.id LEFT JOIN api_scorecards s ON s.api_id = a.id
       LEFT JOIN scorecard_configs k ON k.hash = s.config_hash LEFT JOIN api_contracts c ON c.api_key = a.key
       LEFT JOIN api_health h ON h.api_id = a.id
     WHERE a.id = $1::uuid`,
    id,
  );
  const row = rows[0];
  if (!row) throw new ApiError("not_found", `no API with id ${id}`);
  const api = JSON.parse(row.doc) as TApi;
  const scorecard = storedScorecard(api, {
    scoredAt: row.scored_at,
    config: row.scorecard_config,
    contract: { version: row.contract_version, sourceUrl: row.contract_source_url, fetchError: row.contract_fetch_error },
  });
  const health = row.health === null ? null : (JSON.parse(row.health) as TApiHealth);
  return { ...api, requirements: requirementsOf(api), scorecard, health, upstreamHealth: await upstreamHealthOf(prisma, api) };
}
