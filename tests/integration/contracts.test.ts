// Contracts against a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
// versions per API key with their bytes, the same document is no new version, concurrent saves
// of one key get consecutive versions, each new version appends api.spec.changed with its
// breaking changes, search text follows the current version, and the read functions MCP and the
// REST handlers share (getApiContract, listContractVersions, getContractOperations) return what
// was stored; listContractApis pages over the APIs that have a contract (MCP's resources/list).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseContract } from "../../lib/contracts/parse-contract";
import { saveContract } from "../../lib/contracts/save-contract";
import { getApiContract } from "../../lib/contracts/get-api-contract";
import { listContractVersions } from "../../lib/contracts/list-contract-versions";
import { getContractOperations } from "../../lib/contracts/get-contract-operations";
import { listContractApis } from "../../lib/contracts/list-contract-apis";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

const doc = (paths: Record<string, unknown>) => JSON.stringify({ openapi: "3.1.0", info: { title: "Orders", version: "1" }, paths });
const ok = { "200": { description: "ok" } };

describe.each(dbKinds())("contracts on %s", (kind) => {
  let db: TestDb;
  let apiId: string;
  const key = "k8s:c1/shop/orders";

  beforeAll(async () => {
    db = await freshDb(kind);
    apiId = (
      await db.pool.query(
        `INSERT INTO apis (id, key, name, exposure_mode, managed_by, search_text, content_hash, event_hash, team)
         VALUES (gen_random_uuid(), $1, 'orders', 'ClusterIP', 'kubernetes', 'orders', 'h', 'e', 'shop') RETURNING id`,
        [key],
      )
    ).rows[0].id;
  }, 60_000);
  afterAll(async () => db?.dispose());

  it("keeps versions with their bytes; the same document again is no new version; events carry the breaking changes", async () => {
    const v1 = await parseContract(doc({ "/orders": { get: { operationId: "listOrders", responses: ok }, post: { responses: ok } } }));
    expect(await saveContract(db.pool, { apiKey: key, contract: v1, origin: "rest", author: "alice" })).toMatchObject({ version: 1, created: true, breaking: [] });
    expect(await saveContract(db.pool, { apiKey: key, contract: v1, origin: "rest", author: "bob" })).toMatchObject({ version: 1, created: false });
    const v2 = await parseContract(doc({ "/orders": { get: { operationId: "listOrders", responses: ok } } }));
    const saved = await saveContract(db.pool, { apiKey: key, contract: v2, origin: "cli", author: "bob" });
    expect(saved).toMatchObject({ version: 2, created: true, breaking: [{ rule: "operation-removed", operation: "POST /orders" }] });

    const current = await getApiContract(db.prisma, apiId);
    expect([current?.version, current?.document.toString("utf8"), current?.contentType, current?.author]).toEqual([2, v2.bytes.toString("utf8"), "application/json", "bob"]);
    expect((await getApiContract(db.prisma, apiId, 1))?.document.equals(v1.bytes)).toBe(true);
    expect(await getApiContract(db.prisma, apiId, 3)).toBeNull();
    expect(await getContractOperations(db.prisma, apiId)).toMatchObject({
      version: 2, hash: v2.hash, format: "json", contentType: "application/json", openapi: "3.1.0", title: "Orders",
      operations: [{ method: "GET", path: "/orders", operationId: "listOrders" }],
    });
    expect((await getContractOperations(db.prisma, apiId, 1))?.operations.map((o) => o.method)).toEqual(["GET", "POST"]);
    const list = await listContractVersions(db.prisma, apiId);
    expect(list.data.map((v) => [v.version, v.author, v.origin, v.breaking.length])).toEqual([
      [2, "bob", "cli", 1],
      [1, "alice", "rest", 0],
    ]);
    const events = (await db.pool.query(`SELECT type, api_id::text AS "apiId", team, diff FROM change_events WHERE api_key = $1 ORDER BY id`, [key])).rows;
    expect(events.map((e) => [e.type, e.apiId, e.team, e.diff.after.version, e.diff.after.breaking.length])).toEqual([
      ["api.spec.changed", apiId, "shop", 1, 0],
      ["api.spec.changed", apiId, "shop", 2, 1],
    ]);
    const search = (await db.pool.query(`SELECT search_text FROM api_contracts WHERE api_key = $1`, [key])).rows[0].search_text;
    expect(search).toContain("listorders");
    expect(search).not.toContain("post /orders");
  });

  it("concurrent saves of one key get consecutive versions", async () => {
    const docs = await Promise.all([1, 2, 3, 4].map((i) => parseContract(doc({ [`/v${i}`]: { get: { responses: ok } } }))));
    const results = await Promise.all(docs.map((contract) => saveContract(db.pool, { apiKey: "api:race", contract, origin: "rest", author: "t" })));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
    const rows = (await db.pool.query(`SELECT version FROM api_contract_versions WHERE api_key = 'api:race' ORDER BY version`)).rows;
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
  });

  it("lists the APIs that have a contract by name, page by page, without vanished APIs or contracts without an API", async () => {
    const insert = async (key: string, name: string, gone = false) =>
      (
        await db.pool.query(
          `INSERT INTO apis (id, key, name, exposure_mode, managed_by, search_text, content_hash, event_hash, gone_at)
           VALUES (gen_random_uuid(), $1, $2, 'ClusterIP', 'kubernetes', $2, 'h', 'e', $3) RETURNING id::text AS id`,
          [key, name, gone ? new Date() : null],
        )
      ).rows[0].id as string;
    const yaml = await parseContract("openapi: 3.0.3\ninfo: {title: A, version: '1'}\npaths: {}\n", "yaml");
    const a1 = await insert("k8s:c1/shop/alpha", "alpha");
    const a2 = await insert("k8s:c2/shop/alpha", "alpha");
    const gone = await insert("k8s:c1/shop/beta", "beta", true);
    await insert("k8s:c1/shop/gamma", "gamma"); // no contract
    for (const key of ["k8s:c1/shop/alpha", "k8s:c2/shop/alpha", "k8s:c1/shop/beta"]) await saveContract(db.pool, { apiKey: key, contract: yaml, origin: "rest", author: "t" });

    const seen: { id: string; name: string; contentType: string; version: number }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listContractApis(db.pool, { limit: 1, cursor });
      expect(page.apis.length).toBeLessThanOrEqual(1);
      seen.push(...page.apis);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.map((a) => a.name)).toEqual(["alpha", "alpha", "orders"]);
    expect(seen.slice(0, 2).map((a) => a.id)).toEqual([a1, a2].sort());
    expect(seen.map((a) => a.id)).not.toContain(gone);
    expect(seen[0]).toMatchObject({ contentType: "application/yaml", version: 1, hash: yaml.hash });
    expect(seen[2]).toMatchObject({ id: apiId, contentType: "application/json", version: 2 });
    const all = await listContractApis(db.pool, { limit: 100 });
    expect([all.apis.length, all.nextCursor]).toEqual([3, null]);
    await expect(listContractApis(db.pool, { limit: 1, cursor: "bogus" })).rejects.toThrow("cursor: not a cursor returned by this list");
  });
});
