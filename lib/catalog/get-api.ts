// Reads one catalog API by id.
import type { PrismaClient } from "../db/generated/client";
import type { TApi } from "../api/schemas/api";
import { ApiError } from "../api/errors";
import { toApiDto } from "./to-api-dto";

/** The API with this id (gone ones included); 404 when there is none. */
export async function getApi(prisma: PrismaClient, id: string): Promise<TApi> {
  const row = await prisma.api.findUnique({ where: { id }, include: { exposures: { orderBy: { rank: "asc" } } } });
  if (!row) throw new ApiError("not_found", `no API with id ${id}`);
  return toApiDto(row);
}
