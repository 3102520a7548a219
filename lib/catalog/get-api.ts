// Reads one catalog API by id, with what a caller must do and its scorecard.
import type { PrismaClient } from "../db/generated/client";
import type { TApiDetail } from "../api/schemas/api";
import type { TScorecard } from "../api/schemas/scorecard";
import { ApiError } from "../api/errors";
import { toApiDto } from "./to-api-dto";
import { requirementsOf } from "./requirements-of";

/** The API with this id (gone ones included); 404 when there is none. */
export async function getApi(prisma: PrismaClient, id: string): Promise<TApiDetail> {
  const row = await prisma.api.findUnique({ where: { id }, include: { exposures: { orderBy: { rank: "asc" } }, scorecard: true } });
  if (!row) throw new ApiError("not_found", `no API with id ${id}`);
  const api = toApiDto(row);
  const s = row.scorecard;
  const scorecard: TScorecard | null = s
    ? { level: s.level, passed: s.passed, required: s.required, failing: s.failing, checks: s.checks as TScorecard["checks"], evaluatedAt: s.updatedAt.toISOString() }
    : null;
  return { ...api, requirements: requirementsOf(api), scorecard };
}
