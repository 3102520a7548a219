// The resolve cache of a web server against a real database (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set): a change written by another process is served by this one as soon as
// its event feed has delivered the change event, never later; with the catalog version, as soon as
// it committed, whenever the feed would have polled; repeated resolves of an unchanged API do not
// query the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveApiChanges } from "../../lib/catalog/save-api-changes";
import { compactSearchText } from "../../lib/catalog/merge-contributions";
import type { DerivedApi } from "../../lib/catalog/types";
import { EventFeed } from "../../lib/events/event-feed";
import { catalogVersion } from "../../lib/catalog/catalog-version";
import { resolvableAnswers, resolveApi, type ResolvableAnswer } from "../../lib/resolve/resolve-api";

async function allOf(batches: AsyncIterable<ResolvableAnswer[]>): Promise<ResolvableAnswer[]> {
  const out: ResolvableAnswer[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}
import { ResolveCache, type ResolveAnswer } from "../../lib/resolve/resolve-cache";
import type { TResolved } from "../../lib/api/schemas/resolve";
import { createDb, type Db } from "../../lib/db/client";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

const R = (a: ResolveAnswer) => JSON.parse(a.body) as TResolved;

function api(name: string, proxyUrl: string, key = `k8s:c1/shop/${name}`, cluster = "c1"): DerivedApi {
  const url = `http://${name}.shop.svc.cluster.local:80`;
  const exposures: DerivedApi["exposures"] = [
    { mode: "Gateway", url: proxyUrl, status: "ready", source: { kind: "KongRoute", cluster: "kong", name: `r-${name}` }, details: {} },
    { mode: "ClusterIP", url, status: "ready", source: { kind: "Service", cluster: "c1", namespace: "shop", name }, details: { port: 80 } },
  ];
  return {
    key, name, microservice: name, team: "shop", cluster, namespace: "shop", exposureMode: "Gateway", proxyUrl,
    modes: ["Gateway", "ClusterIP"], gateways: ["kong"], managedBy: "kubernetes", labels: {}, annotations: {}, readyPods: 1, totalPods: 1,
    exposures, searchText: compactSearchText([name, proxyUrl, url]), contentHash: `c:${name}:${proxyUrl}`, eventHash: `e:${name}:${proxyUrl}`,
  };
}

describe.each(dbKinds())("the resolve cache on %s", (kind) => {
  let db: TestDb;
  /** the web replica under test: its own pool, feed and cache */
  let web: Db;
  let feed: EventFeed;
  let cache: ResolveCache;
  let loads = 0;
  const resolve = (name: string) =>
    cache.get(name, undefined, () => {
      loads++;
      return resolveApi(web.pool, name);
    });
  /** writes as the worker does, through another connection */
  const write = async (upserted: DerivedApi[], removed: DerivedApi[] = []) => {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await saveApiChanges(client, upserted, removed);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  };
  /** resolves when this replica's feed has handed an event of `name` to its listeners */
  const delivered = (name: string) => feed.next((e) => e.api.name === name, 30_000);

  beforeAll(async () => {
    db = await freshDb(kind);
    web = createDb(db.url, { max: 2 });
    feed = new EventFeed(web.pool, 50);
    cache = new ResolveCache(feed);
    await write([api("orders", "https://api.example.com/orders")]);
    // the feed has a position once its first poll ran
    void cache.get("nothing", undefined, async () => Promise.reject(Object.assign(new Error("x"), { code: "not_found" }))).catch(() => {});
    await waitFor(() => feed.current(1000), Boolean, { timeoutMs: 30_000, what: "the feed to start" });
  }, 60_000);
  afterAll(async () => {
    cache?.close();
    await web?.close();
    await db?.dispose();
  });

  it("answers an unchanged API from memory", async () => {
    const first = await resolve("orders");
    const before = loads;
    for (let i = 0; i < 5; i++) expect(R(await resolve("orders")).proxyUrl).toBe("https://api.example.com/orders");
    expect(loads).toBe(before);
    expect(R(await resolve("orders"))).toEqual(R(first));
  });

  it("serves a change written elsewhere once the feed delivered its event", async () => {
    expect(R(await resolve("orders")).proxyUrl).toBe("https://api.example.com/orders");
    const seen = delivered("orders");
    await write([api("orders", "https://api.example.com/v2/orders")]);
    await seen;
    const now = R(await resolve("orders"));
    expect(now.proxyUrl).toBe("https://api.example.com/v2/orders");
    expect(now).toEqual(await resolveApi(web.pool, "orders"));
  });

  it("forgets an unknown name when an API of that name appears, and a gone API at once", async () => {
    await expect(resolve("payments")).rejects.toMatchObject({ code: "not_found" });
    const before = loads;
    await expect(resolve("payments")).rejects.toMatchObject({ code: "not_found" });
    expect(loads).toBe(before);
    let seen = delivered("payments");
    await write([api("payments", "https://api.example.com/payments")]);
    await seen;
    expect(R(await resolve("payments")).proxyUrl).toBe("https://api.example.com/payments");
    seen = delivered("payments");
    await write([], [api("payments", "https://api.example.com/payments")]);
    await seen;
    await expect(resolve("payments")).rejects.toMatchObject({ code: "not_found" });
  });

  it("preloads every answer of the catalog, a batch of names per query, each as a one-name read gives it", async () => {
    const seen = delivered("dup");
    await write([api("dup", "https://a.example.com/dup", "k8s:c1/shop/dup", "c1"), api("dup", "https://b.example.com/dup", "k8s:c2/shop/dup", "c2")]);
    // (answers preloaded across an event of their API are not kept: let the feed pass it first)
    await seen;
    // one name per batch: "dup" (two rows) is one batch, whole
    const other = new ResolveCache(feed, { preload: (limit) => resolvableAnswers(web.pool, limit, 1) });
    let reads = 0;
    const read = (name: string, cluster?: string) => other.get(name, cluster, () => (reads++, resolveApi(web.pool, name, cluster)));
    await read("orders");
    await waitFor(() => other.size, (n) => n >= 4, { timeoutMs: 30_000, what: "the preload" });
    reads = 0;
    expect(R(await read("orders"))).toEqual(await resolveApi(web.pool, "orders"));
    expect(R(await read("dup", "c2"))).toEqual(await resolveApi(web.pool, "dup", "c2"));
    const conflict = await resolveApi(web.pool, "dup").catch((e: unknown) => e);
    await expect(read("dup")).rejects.toEqual(conflict);
    expect(reads).toBe(0);
    other.close();
  });

  it("preloads one answer for a name and the same name in its only cluster, as both one-name reads give it", async () => {
    const seen = delivered("solo");
    await write([api("solo", "https://a.example.com/solo", "k8s:c1/shop/solo", "c1")]);
    await seen;
    const answers = (await allOf(resolvableAnswers(web.pool, 1000))).filter((a) => a.name === "solo");
    expect(answers.map((a) => a.cluster)).toEqual([undefined, "c1"]);
    expect(answers[1].resolved).toBe(answers[0].resolved);
    expect(answers[0].resolved).toEqual(await resolveApi(web.pool, "solo"));
    expect(answers[1].resolved).toEqual(await resolveApi(web.pool, "solo", "c1"));
  });

  it("reads the answers in batches of whole names, and none when the catalog has more live APIs than the cache holds", async () => {
    const live = (await web.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL")).rows[0].n;
    const batches: ResolvableAnswer[][] = [];
    for await (const b of resolvableAnswers(web.pool, live, 2)) batches.push(b);
    const names = batches.map((b) => [...new Set(b.map((a) => a.name))]);
    expect(names.every((n) => n.length <= 2)).toBe(true);
    expect(names.flat()).toEqual([...new Set(names.flat())]); // no name in two batches
    expect(batches.flat().map((a) => `${a.name}/${a.cluster}`).sort()).toEqual((await allOf(resolvableAnswers(web.pool, live))).map((a) => `${a.name}/${a.cluster}`).sort());
    expect(await allOf(resolvableAnswers(web.pool, live - 1))).toEqual([]);
  });

  it("with the catalog version, serves a commit at once, however late the feed would poll", async () => {
    // a replica whose feed polls once an hour and is woken by nothing: only a catch-up delivers
    const slow = new EventFeed(web.pool, 3_600_000);
    const strict = new ResolveCache(slow, { version: () => catalogVersion(web.pool) });
    const read = (name: string) => strict.get(name, undefined, () => resolveApi(web.pool, name));
    await expect(read("latecomer")).rejects.toMatchObject({ code: "not_found" });
    await waitFor(() => slow.current(3_600_000), Boolean, { timeoutMs: 30_000, what: "the slow feed's position" });
    await expect(read("latecomer")).rejects.toMatchObject({ code: "not_found" });
    expect(strict.hits).toBe(1);
    await write([api("latecomer", "https://api.example.com/latecomer")]);
    expect(R(await read("latecomer")).proxyUrl).toBe("https://api.example.com/latecomer");
    await write([api("latecomer", "https://api.example.com/v2/latecomer")]);
    expect(R(await read("latecomer")).proxyUrl).toBe("https://api.example.com/v2/latecomer");
    await write([], [api("latecomer", "https://api.example.com/v2/latecomer")]);
    await expect(read("latecomer")).rejects.toMatchObject({ code: "not_found" });
    // and while nothing commits, from memory
    const hits = strict.hits;
    await expect(read("latecomer")).rejects.toMatchObject({ code: "not_found" });
    expect(strict.hits).toBe(hits + 1);
    strict.close();
  });

  it("drops the old name of a renamed API", async () => {
    const key = "k8s:c1/shop/billing";
    await write([api("billing", "https://api.example.com/billing", key)]);
    await waitFor(() => resolve("billing").then((a) => R(a).proxyUrl), (u) => u === "https://api.example.com/billing", { timeoutMs: 30_000, what: "billing" });
    const seen = delivered("invoicing");
    await write([api("invoicing", "https://api.example.com/billing", key)]);
    await seen;
    await expect(resolve("billing")).rejects.toMatchObject({ code: "not_found" });
    expect(R(await resolve("invoicing")).key).toBe(key);
  });
});
