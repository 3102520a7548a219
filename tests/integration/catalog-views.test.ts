// Views of the catalog against a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
// set): owners from a8r.io annotations stored and filtered, every sort field paged in order,
// the exact total of a filtered view, and the CSV export holding exactly that view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveApiChanges } from "../../lib/catalog/save-api-changes";
import { mergeContributions } from "../../lib/catalog/merge-contributions";
import { findApis } from "../../lib/catalog/find-apis";
import { countApis } from "../../lib/catalog/count-apis";
import { cachedApiCount, cachedApiFacets } from "../../lib/catalog/cached-facets";
import { streamApisCsv, CSV_COLUMNS } from "../../lib/catalog/apis-csv";
import { SORT_FIELDS, ZApiListQuery, type TApi } from "../../lib/api/schemas/api";
import type { DerivedApi, ExposureMode } from "../../lib/catalog/types";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { expectDocsMatchRows } from "../helpers/api-docs";

const OWNERS = ["alice@example.com", "@bob", null];
const MODES: ExposureMode[] = ["ClusterIP", "NodePort", "LoadBalancer"];

function api(i: number): DerivedApi {
  const name = `api-${String((i * 7) % 45).padStart(2, "0")}-${i}`;
  const namespace = `ns-${i % 3}`;
  const owner = OWNERS[i % 3];
  const mode = MODES[i % 3];
  const url = i % 4 === 0 ? null : `http://${name}.${namespace}.svc.cluster.local:${80 + (i % 5)}`;
  const annotations: Record<string, string> = {
    ...(owner ? { "a8r.io/owner": owner } : {}),
    ...(i % 2 === 0 ? { "a8r.io/repository": `https://git.example.com/${name}`, "a8r.io/chat": "#team,chat" } : {}),
    ...(i % 5 === 0 ? { "a8r.io/description": `=cmd|' /C calc'!A0 ${i}` } : {}),
  };
  return mergeContributions([
    {
      key: `k8s:c${i % 2}/${namespace}/${name}`,
      name,
      microservice: i % 6 === 0 ? null : `ms-${i % 6}`,
      team: i % 4 === 3 ? null : `team-${i % 4}`,
      cluster: `c${i % 2}`,
      namespace,
      managedBy: "kubernetes",
      labels: {},
      annotations,
      exposures: [{ mode, url, status: url ? "ready" : "pending", source: { kind: "Service", cluster: `c${i % 2}`, namespace, name }, details: {} }],
      pods: null,
      gateways: [],
      sortKey: name,
    },
  ]);
}

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += ch;
  }
  expect(cell, "the last record ends with CRLF").toBe("");
  return rows;
}

describe.each(dbKinds())("catalog views in %s", (kind) => {
  let db: TestDb;
  const all = Array.from({ length: 60 }, (_, i) => api(i));
  const query = (q: Record<string, string>) => ZApiListQuery.parse(q);
  const walk = async (q: Record<string, string>): Promise<TApi[]> => {
    const out: TApi[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await findApis(db.pool, query({ ...q, ...(cursor ? { cursor } : {}) }));
      out.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor && ++pages < 200);
    return out;
  };

  beforeAll(async () => {
    db = await freshDb(kind);
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await saveApiChanges(client, all, []);
      await client.query("COMMIT");
      await client.query("BEGIN");
      // one gone: its document is rebuilt in SQL (signpost_api_doc), owner fields included
      await saveApiChanges(client, [], [all[4]]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  });
  afterAll(() => db?.dispose());

  it("stores the owner, description and links, and the SQL-built documents carry them too", async () => {
    const [pay] = (await findApis(db.pool, query({ q: all[2].name }))).data;
    expect(pay).toMatchObject({
      owner: null,
      description: null,
      links: [
        { kind: "chat", value: "#team,chat", href: null },
        { kind: "repository", value: `https://git.example.com/${all[2].name}`, href: `https://git.example.com/${all[2].name}` },
      ],
    });
    const [gone] = (await findApis(db.pool, query({ q: all[4].name, includeGone: "true" }))).data;
    expect(gone.goneAt).not.toBeNull();
    expect(gone).toMatchObject({ owner: "@bob", links: [{ kind: "chat" }, { kind: "repository" }] });
    expect(await expectDocsMatchRows(db)).toBe(60);
  });

  it("emits a change event when the owner changes, with the owner in its diff; links alone change no event", async () => {
    const changed = (i: number, annotations: Record<string, string>) => {
      const base = api(i);
      const key = base.key;
      const next = mergeContributions([{ key, name: base.name, microservice: base.microservice, team: base.team, cluster: base.cluster, namespace: base.namespace, managedBy: "kubernetes", labels: {}, annotations, exposures: base.exposures, pods: null, gateways: [], sortKey: base.name }]);
      return next;
    };
    const save = async (a: DerivedApi) => {
      const client = await db.pool.connect();
      try {
        return await saveApiChanges(client, [a], []);
      } finally {
        client.release();
      }
    };
    // api(58): owner "@bob" (58 % 3 = 1) and links; a new bugs link only rewrites the row (a
    // runbook or documentation link would flip the docs scorecard check: api.check_changed)
    const links = await save(changed(58, { ...api(58).annotations, "a8r.io/bugs": "https://bugs.example.com" }));
    expect(links).toMatchObject({ written: 1, events: 0 });
    const owner = await save(changed(58, { ...api(58).annotations, "a8r.io/owner": "@carol" }));
    expect(owner).toMatchObject({ written: 1, updated: 1, events: 1 });
    const { rows } = await db.pool.query("SELECT type, diff FROM change_events WHERE api_name = $1 ORDER BY id DESC LIMIT 1", [api(58).name]);
    expect(rows[0]).toEqual({ type: "api.updated", diff: { before: { owner: "@bob" }, after: { owner: "@carol" } } });
    await save(api(58));
  });

  it("filters by owner and counts owners as a facet", async () => {
    const bob = await walk({ owner: "@bob", limit: "7" });
    expect(bob.map((a) => a.name).sort()).toEqual(all.filter((_, i) => i % 3 === 1 && i !== 4).map((a) => a.name).sort());
    const facets = await cachedApiFacets(db.pool, query({ owner: "@bob" }));
    expect(facets.owner).toEqual([
      { value: "alice@example.com", count: 20 },
      { value: "@bob", count: 19 },
    ]);
    // search finds owners too
    expect((await walk({ q: "alice@", limit: "100" })).length).toBe(20);
  });

  it.each(SORT_FIELDS.flatMap((f) => [f, `-${f}`]))("pages through every live API once in %s order", async (sort) => {
    const got = await walk({ sort, limit: "8" });
    expect(got).toHaveLength(59);
    expect(new Set(got.map((a) => a.id)).size).toBe(59);
    const field = sort.replace(/^-/, "");
    const value = (a: TApi): string =>
      field === "mode" ? a.exposureMode : field === "updated" ? a.updatedAt : String((a as Record<string, unknown>)[field] ?? "");
    // (value, id) in the requested direction; values are lower-case ASCII, so any collation agrees
    const cmp = (x: TApi, y: TApi) => (value(x) < value(y) ? -1 : value(x) > value(y) ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    const expected = [...got].sort((x, y) => (sort.startsWith("-") ? -cmp(x, y) : cmp(x, y)));
    expect(got.map((a) => a.id)).toEqual(expected.map((a) => a.id));
  });

  it("refuses an unknown sort field, naming the fields it knows", () => {
    const r = ZApiListQuery.safeParse({ sort: "-color" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/unknown sort field; sort by one of name, owner, team, .*updated/);
  });

  it("counts exactly the filtered view, reusing the count only while no catalog write was committed", async () => {
    const views: Record<string, string>[] = [{}, { owner: "@bob" }, { namespace: "ns-1", mode: "NodePort" }, { q: "api-1" }, { includeGone: "true" }];
    for (const q of views) {
      expect(await countApis(db.pool, query(q)), JSON.stringify(q)).toBe((await walk({ ...q, limit: "500" })).length);
    }
    const f = query({ namespace: "ns-2" });
    const before = await cachedApiCount(db.pool, f);
    expect(before).toBeGreaterThan(0);
    // page size and order do not make another view
    expect(await cachedApiCount(db.pool, query({ namespace: "ns-2", limit: "3", sort: "-owner" }))).toBe(before);
    // a change made by hand (no change event) is counted at once
    await db.pool.query("UPDATE apis SET namespace = 'by-hand' WHERE namespace = 'ns-2'");
    expect(await cachedApiCount(db.pool, f)).toBe(0);
    const client = await db.pool.connect();
    try {
      await saveApiChanges(client, [api(100)], []);
    } finally {
      client.release();
    }
    expect(await cachedApiCount(db.pool, f)).toBe(api(100).namespace === "ns-2" ? 1 : 0);
    await db.pool.query("UPDATE apis SET namespace = 'ns-2' WHERE namespace = 'by-hand'");
  });

  it("exports exactly the filtered view as CSV, in its order, across pages, formulas defused", async () => {
    const q = { owner: "alice@example.com", sort: "-proxyUrl" };
    const expected = await walk({ ...q, limit: "500" });
    expect(expected.length).toBeGreaterThan(5);
    // pages of 4 inside the export: the stream walks them all
    const text = await new Response(streamApisCsv(db.pool, { ...query(q), cursor: "ignored" }, 4)).text();
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([h]) => h));
    const ids = rows.slice(1).map((r) => r[rows[0].indexOf("id")]);
    expect(ids).toEqual(expected.map((a) => a.id));
    expect(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const everything = parseCsv(await new Response(streamApisCsv(db.pool, query({}))).text());
    expect(everything.length - 1).toBe(await countApis(db.pool, query({})));
    const owners = new Set(everything.slice(1).map((r) => r[1]));
    expect(owners).toEqual(new Set(["alice@example.com", "'@bob", ""]));
  });
});
