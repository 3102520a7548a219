// Listing the catalog against a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
// set): keyset pages in every order cover each API exactly once, filters and search select the
// right APIs, and the stored documents come back as written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveApiChanges } from "../../lib/catalog/save-api-changes";
import { compactSearchText } from "../../lib/catalog/merge-contributions";
import { findApis } from "../../lib/catalog/find-apis";
import { cachedApiFacets, cachedApiPageBody, limitPageMemo, pageMemoSize } from "../../lib/catalog/cached-facets";
import { ZApiListQuery } from "../../lib/api/schemas/api";
import type { DerivedApi } from "../../lib/catalog/types";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { expectDocsMatchRows } from "../helpers/api-docs";

const TEAMS = ["payments", "identity", "search"];

function api(i: number): DerivedApi {
  const name = i === 7 ? "odd_name%50" : `svc-${String(i).padStart(3, "0")}`;
  const namespace = `ns-${i % 4}`;
  const url = `http://${name}.${namespace}.svc.cluster.local:80`;
  const gateway = i % 5 === 0;
  const proxyUrl = gateway ? `https://api.example.com/${name}` : url;
  const exposures: DerivedApi["exposures"] = [
    ...(gateway ? [{ mode: "Gateway" as const, url: proxyUrl, status: "ready" as const, source: { kind: "KongRoute" as const, cluster: "kong", name: `r-${i}` }, details: { paths: [`/${name}`] } }] : []),
    { mode: "ClusterIP", url, status: "ready", source: { kind: "Service", cluster: "c1", namespace, name }, details: { port: 80 } },
  ];
  const team = TEAMS[i % 3];
  return {
    key: `k8s:c1/${namespace}/${name}`, name, microservice: name, team, cluster: "c1", namespace,
    exposureMode: gateway ? "Gateway" : "ClusterIP", proxyUrl, modes: gateway ? ["Gateway", "ClusterIP"] : ["ClusterIP"],
    gateways: gateway ? ["kong"] : [], managedBy: "kubernetes", labels: { app: name }, annotations: {}, readyPods: 1, totalPods: 1,
    exposures, searchText: compactSearchText([name, name, team, namespace, "c1", ...(gateway ? ["kong"] : []), ...exposures.map((e) => e.url)]),
    contentHash: `c${i}`, eventHash: `e${i}`,
  };
}

describe.each(dbKinds())("finding APIs in %s", (kind) => {
  let db: TestDb;
  const all = Array.from({ length: 130 }, (_, i) => api(i));
  const find = (q: Record<string, string>) => findApis(db.pool, ZApiListQuery.parse(q));
  const walk = async (q: Record<string, string>) => {
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await find({ ...q, ...(cursor ? { cursor } : {}) });
      names.push(...page.data.map((a) => a.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { names, pages };
  };

  beforeAll(async () => {
    db = await freshDb(kind);
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await saveApiChanges(client, all, []);
      await client.query("COMMIT");
      // one later change (timestamps have millisecond precision), so "updated" has a clear newest
      await client.query("SELECT pg_sleep(0.01)");
      await client.query("BEGIN");
      await saveApiChanges(client, [{ ...api(42), contentHash: "changed", readyPods: 3 }], [api(99)]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  });
  afterAll(() => db?.dispose());

  it("pages through every live API once, by name both ways", async () => {
    const expected = all.filter((a) => a.name !== "svc-099").map((a) => a.name).sort();
    const up = await walk({ limit: "17" });
    expect(up.names).toEqual(expected);
    expect(up.pages).toBe(Math.ceil(expected.length / 17));
    expect((await walk({ limit: "17", sort: "-name" })).names).toEqual([...expected].reverse());
  });

  it("orders by last update, newest first, across pages", async () => {
    const byUpdate = await walk({ limit: "10", sort: "-updated" });
    expect(byUpdate.names).toHaveLength(129);
    expect(new Set(byUpdate.names).size).toBe(129);
    expect(byUpdate.names[0]).toBe("svc-042");
  });

  it("filters by namespace, team and mode, and includes gone APIs only when asked", async () => {
    const ns = await walk({ namespace: "ns-1", limit: "500" });
    expect(ns.names).toEqual(all.filter((a, i) => i % 4 === 1 && i !== 99).map((a) => a.name).sort());
    const teamGateway = await find({ team: "payments", mode: "Gateway", limit: "500" });
    expect(teamGateway.data.map((a) => a.name)).toEqual(all.filter((_, i) => i % 3 === 0 && i % 5 === 0 && i !== 99).map((a) => a.name).sort());
    expect((await find({ q: "svc-099" })).data).toEqual([]);
    const gone = await find({ q: "svc-099", includeGone: "true" });
    expect(gone.data.map((a) => [a.name, a.goneAt !== null])).toEqual([["svc-099", true]]);
  });

  it("filters by microservice (one or several, with the other filters)", async () => {
    expect((await find({ microservice: "svc-010" })).data.map((a) => a.name)).toEqual(["svc-010"]);
    expect((await find({ microservice: "svc-010,svc-011,svc-099" })).data.map((a) => a.name)).toEqual(["svc-010", "svc-011"]);
    expect((await find({ microservice: "svc-010,svc-011", mode: "Gateway" })).data.map((a) => a.name)).toEqual(["svc-010"]);
    expect((await find({ microservice: "no-such" })).data).toEqual([]);
  });

  it("searches substrings of names, hosts and teams, treating % and _ literally", async () => {
    expect((await find({ q: "SVC-12" })).data.map((a) => a.name)).toEqual(["svc-120", "svc-121", "svc-122", "svc-123", "svc-124", "svc-125", "svc-126", "svc-127", "svc-128", "svc-129"]);
    expect((await find({ q: "api.example.com/svc-01" })).data.map((a) => a.name)).toEqual(["svc-010", "svc-015"]);
    expect((await find({ q: "name%5" })).data.map((a) => a.name)).toEqual(["odd_name%50"]);
    expect((await find({ q: "svc_0" })).data).toEqual([]);
    expect((await find({ q: "identit", limit: "500" })).data).toHaveLength(all.filter((_, i) => i % 3 === 1 && i !== 99).length);
  });

  it("returns the stored documents, which match the rows", async () => {
    const page = await find({ q: "svc-042" });
    expect(page.data[0]).toMatchObject({ name: "svc-042", readyPods: 3, exposures: [{ mode: "ClusterIP", source: { kind: "Service", namespace: "ns-2" } }] });
    expect(await expectDocsMatchRows(db)).toBe(130);
  });

  it("counts facets, reusing the counts only while no catalog write was committed since", async () => {
    const filters = ZApiListQuery.omit({ limit: true, cursor: true, sort: true }).parse({ namespace: "ns-1" });
    const first = await cachedApiFacets(db.pool, filters);
    expect(first.namespace.map((v) => v.value)).toEqual(["ns-0", "ns-1", "ns-2", "ns-3"]); // its own filter hides no alternative
    expect(first.team.reduce((n, v) => n + v.count, 0)).toBe(all.filter((_, i) => i % 4 === 1 && i !== 99).length);
    expect(first.mode).toContainEqual({ value: "ClusterIP", count: all.filter((_, i) => i % 4 === 1 && i !== 99).length });
    expect(first.mode).toContainEqual({ value: "Gateway", count: all.filter((_, i) => i % 4 === 1 && i % 5 === 0).length });
    expect(await cachedApiFacets(db.pool, filters)).toBe(first);
    // a change made by hand writes no change event, and is seen at once
    await db.pool.query("UPDATE apis SET team = 'by-hand' WHERE name = 'svc-001'");
    const after = await cachedApiFacets(db.pool, filters);
    expect(after).not.toBe(first);
    expect(after.team).toContainEqual({ value: "by-hand", count: 1 });
    await db.pool.query("UPDATE apis SET team = 'identity' WHERE name = 'svc-001'");
  });

  it("serves a list page from memory while no catalog write was committed, and the new page after one", async () => {
    const query = ZApiListQuery.parse({ namespace: "ns-2", limit: "5" });
    const first = await cachedApiPageBody(db.pool, query);
    expect(JSON.parse(first.text)).toMatchObject({ total: all.filter((_, i) => i % 4 === 2).length, data: { length: 5 } });
    expect(await cachedApiPageBody(db.pool, query)).toBe(first);
    // A transaction still open when the page is read (PostgreSQL: PGlite runs one transaction at a
    // time): its commit alone must make the page new.
    const open = await db.pool.connect();
    try {
      await open.query("BEGIN");
      await open.query("UPDATE api_docs SET doc = jsonb_set(doc::jsonb, '{description}', '\"late commit\"')::text WHERE api_id = (SELECT id FROM apis WHERE name = 'svc-002')");
      if (kind === "postgres") expect(await cachedApiPageBody(db.pool, query)).toBe(first);
      await open.query("COMMIT");
    } finally {
      open.release();
    }
    const after = JSON.parse((await cachedApiPageBody(db.pool, query)).text) as { data: { name: string; description: string | null }[] };
    expect(after.data.find((a) => a.name === "svc-002")?.description).toBe("late commit");
  });

  it("keeps the page it holds when a write elsewhere in the catalog moved the version, and a new one when the page changed", async () => {
    const query = ZApiListQuery.parse({ namespace: "ns-1", limit: "3" });
    const first = await cachedApiPageBody(db.pool, query);
    const gz = await first.gzipped();
    // a write to an API of another namespace: a new version, the same page
    const version = async () => (await db.pool.query<{ v: string }>("SELECT version::text AS v FROM catalog_version")).rows[0].v;
    const before = await version();
    await db.pool.query("UPDATE apis SET team = team || '' WHERE name = 'svc-002'");
    expect(await version()).not.toBe(before);
    const again = await cachedApiPageBody(db.pool, query);
    expect(again).toBe(first);
    expect(await again.gzipped()).toBe(gz);
    // a write to an API on the page: its new text
    const onPage = (JSON.parse(first.text) as { data: { id: string }[] }).data[0].id;
    await db.pool.query("UPDATE api_docs SET doc = jsonb_set(doc::jsonb, '{description}', '\"kept or not\"')::text WHERE api_id = $1", [onPage]);
    const changed = await cachedApiPageBody(db.pool, query);
    expect(changed).not.toBe(first);
    expect(changed.text).toContain("kept or not");
  });

  it("keeps its answers while other tables commit: the catalog version moves only when rows of the tables lists read change", async () => {
    const version = async () => Number((await db.pool.query<{ v: string }>("SELECT version AS v FROM catalog_version")).rows[0].v);
    const filters = ZApiListQuery.omit({ limit: true, cursor: true, sort: true }).parse({ namespace: "ns-3" });
    const first = await cachedApiFacets(db.pool, filters);
    const v0 = await version();
    // what the worker commits every second or two: lease renewals and source status
    await db.pool.query("INSERT INTO leases (name, holder, expires_at) VALUES ('memo-test', 'me', now()) ON CONFLICT (name) DO UPDATE SET expires_at = now()");
    await db.pool.query("UPDATE leases SET expires_at = now() WHERE name = 'memo-test'");
    expect(await version()).toBe(v0);
    expect(await cachedApiFacets(db.pool, filters)).toBe(first);
    // a catalog write rolled back moves nothing
    const c = await db.pool.connect();
    try {
      await c.query("BEGIN");
      await c.query("UPDATE apis SET team = 'rolled-back' WHERE name = 'svc-003'");
      await c.query("ROLLBACK");
      // several statements on several catalog tables in one transaction: one step, at commit
      await c.query("BEGIN");
      await c.query("UPDATE apis SET team = team WHERE name = 'svc-003'");
      await c.query("UPDATE api_docs SET doc = doc WHERE api_id = (SELECT id FROM apis WHERE name = 'svc-003')");
      // not yet, not even inside (PGlite runs one transaction at a time: asked on this connection)
      expect(Number((await c.query<{ v: string }>("SELECT version AS v FROM catalog_version")).rows[0].v)).toBe(v0);
      await c.query("COMMIT");
    } finally {
      c.release();
    }
    expect(await version()).toBe(v0 + 1);
    const second = await cachedApiFacets(db.pool, filters);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    // every table a list, a facet, a count or a resolve reads moves it, with a statement that changed rows
    const id = (await db.pool.query<{ id: string }>("SELECT id FROM apis WHERE name = 'svc-003'")).rows[0].id;
    const writes: [string, string][] = [
      ["apis", "UPDATE apis SET team = team WHERE id = $1"],
      ["api_docs", "UPDATE api_docs SET doc = doc WHERE api_id = $1"],
      ["api_scorecards", "UPDATE api_scorecards SET level = level WHERE api_id = $1"],
      ["api_health", "INSERT INTO api_health (api_id, state, since, checked_at, path) VALUES ($1, 'answering', now(), now(), '/healthz')"],
      ["api_health", "UPDATE api_health SET checked_at = now() WHERE api_id = $1"],
      ["api_health", "DELETE FROM api_health WHERE api_id = $1"],
      ["api_contracts", "INSERT INTO api_contracts (api_key, version, hash, search_text) SELECT key, 1, 'h', '' FROM apis WHERE id = $1"],
      ["api_contracts", "DELETE FROM api_contracts WHERE api_key = (SELECT key FROM apis WHERE id = $1)"],
      // and what a resolve reads besides (lib/resolve/resolve-cache.ts keeps answers by it too)
      ["exposures", "INSERT INTO exposures (api_id, mode, url, status, rank, source_kind, source_cluster, source_name, details) VALUES ($1, 'ClusterIP', 'http://x', 'ready', 99, 'Service', 'c', 'x', '{}')"],
      ["exposures", "UPDATE exposures SET url = 'http://y' WHERE api_id = $1 AND rank = 99"],
      ["exposures", "DELETE FROM exposures WHERE api_id = $1 AND rank = 99"],
      ["change_events", "INSERT INTO change_events (type, api_id, api_key, api_name, diff) SELECT 'api.updated', id, key, name, '{}' FROM apis WHERE id = $1"],
      ["change_events", "DELETE FROM change_events WHERE id = (SELECT max(id) FROM change_events WHERE api_id = $1)"],
    ];
    for (const [table, sql] of writes) {
      const before = await version();
      expect((await db.pool.query(sql, [id])).rowCount, sql).toBe(1);
      expect(await version(), `${table}: ${sql}`).toBe(before + 1);
    }
    // a statement that matched no row moves nothing: the prober's forgetting of APIs no longer
    // probed ran one every round, and every web server recomputed its lists and facets
    const kept = await cachedApiFacets(db.pool, filters);
    const unchanged = await version();
    for (const [table, col] of [["apis", "team"], ["api_docs", "doc"], ["api_scorecards", "level"], ["api_health", "state"], ["api_contracts", "hash"]]) {
      await db.pool.query(`DELETE FROM ${table} WHERE false`);
      await db.pool.query(`UPDATE ${table} SET ${col} = ${col} WHERE false`);
    }
    await db.pool.query("INSERT INTO api_health (api_id, state, since, checked_at, path) SELECT id, 'answering', now(), now(), '/' FROM apis WHERE false");
    await db.pool.query("DELETE FROM api_health WHERE NOT (api_id = ANY($1::uuid[]))", [[]]);
    expect(await version()).toBe(unchanged);
    expect(await cachedApiFacets(db.pool, filters)).toBe(kept);
    // TRUNCATE has no rows to look at: it moves the version, emptied table or not
    await db.pool.query("TRUNCATE api_contracts");
    expect(await version()).toBe(unchanged + 1);
    // the version row deleted by hand: nothing is reused, and the next catalog write puts it back
    await db.pool.query("DELETE FROM catalog_version");
    const [x, y] = [await cachedApiFacets(db.pool, filters), await cachedApiFacets(db.pool, filters)];
    expect(y).not.toBe(x);
    await db.pool.query("UPDATE apis SET team = team WHERE name = 'svc-003'");
    expect(await version()).toBe(1);
    expect(await cachedApiFacets(db.pool, filters)).toBe(await cachedApiFacets(db.pool, filters));
  });

  it("keeps list pages within a number and a size, dropping the least recently used", async () => {
    const page = async (limit: number) => (await cachedApiPageBody(db.pool, ZApiListQuery.parse({ limit: String(limit) }))).text;
    const [a, b] = [await page(13), await page(14)];
    limitPageMemo(db.pool, { pages: 3, bytes: a.length + b.length });
    for (const limit of [11, 12, 13, 14, 2, 3, 4, 5]) await page(limit);
    const held = pageMemoSize(db.pool);
    expect(held.bytes).toBeLessThanOrEqual(a.length + b.length);
    expect(held.pages).toBe(3); // the three small pages last asked for fit in both bounds
    // a page larger than the whole budget is answered and not kept
    limitPageMemo(db.pool, { pages: 3, bytes: a.length - 1 });
    expect(JSON.parse(await page(13)).data).toHaveLength(13);
    expect(pageMemoSize(db.pool).bytes).toBeLessThan(a.length);
    limitPageMemo(db.pool, { pages: 64, bytes: 16 * 1024 * 1024 });
  });

  it("rejects a cursor it did not issue", async () => {
    await expect(find({ cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow(/not a cursor returned by this API/);
  });
});
