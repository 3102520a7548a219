// The stored read model must say exactly what the rows say: every API's api_docs.doc equals the
// REST shape mapped from its row and exposures through Prisma (an independent path).
import { expect } from "vitest";
import type { Db } from "../../lib/db/client";
import { toApiDto } from "../../lib/catalog/to-api-dto";

/** Asserts every stored document matches its row; returns how many were compared. */
export async function expectDocsMatchRows(db: Db): Promise<number> {
  const rows = await db.prisma.api.findMany({ include: { exposures: true, doc: true } });
  for (const row of rows) {
    expect(row.doc, `API ${row.key} has no stored document`).not.toBeNull();
    const { doc, ...api } = row;
    expect(JSON.parse(doc!.doc), `stored document of ${row.key}`).toEqual(toApiDto(api));
  }
  return rows.length;
}
