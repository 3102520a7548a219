// The migrated database matches prisma/schema.prisma: every column of every model is read through
// the generated client on a database built only from prisma/migrations (a field the migrations
// lack, or of another type, fails here), on PGlite and, when TEST_DATABASE_URL is set, PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../lib/db/generated/client";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

type Delegate = { findFirst(args: { select: Record<string, true> }): Promise<unknown> };

describe.each(dbKinds())("schema.prisma against the migrations (%s)", (kind) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await freshDb(kind);
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it("every model's every column can be read", async () => {
    const models = Object.values(Prisma.ModelName);
    expect(models.length).toBeGreaterThan(10);
    for (const model of models) {
      const fields = Object.values((Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]);
      const delegate = (db.prisma as unknown as Record<string, Delegate>)[model[0].toLowerCase() + model.slice(1)];
      await expect(delegate.findFirst({ select: Object.fromEntries(fields.map((f) => [f, true])) }), model).resolves.not.toThrow();
    }
  });

  it("a token's team scope is written and read back (an empty scope by default)", async () => {
    const scoped = await db.prisma.apiToken.create({ data: { name: "scoped", role: "editor", hash: "h1", prefix: "p", createdBy: "test", teams: ["shop", "web"] } });
    const plain = await db.prisma.apiToken.create({ data: { name: "plain", role: "editor", hash: "h2", prefix: "p", createdBy: "test" } });
    expect((await db.prisma.apiToken.findUnique({ where: { id: scoped.id } }))!.teams).toEqual(["shop", "web"]);
    expect((await db.prisma.apiToken.findUnique({ where: { id: plain.id } }))!.teams).toEqual([]);
  });
});
