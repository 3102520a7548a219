// The resolve cache's rules with a feed under the test's control: answers are kept until an
// event names their API, never served while the feed is behind, and an answer read while an
// event arrived is not kept.
import { describe, expect, it } from "vitest";
import type { TWebhookEvent } from "../api/schemas/webhook";
import { ResolveCache, type ResolveAnswer } from "./resolve-cache";
import type { TResolved } from "../api/schemas/resolve";

const R = (a: ResolveAnswer) => JSON.parse(a.body) as TResolved;

function fakeFeed() {
  const listeners = new Set<(e: TWebhookEvent) => void>();
  const feed = {
    ok: true,
    listen(l: (e: TWebhookEvent) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    current: () => feed.ok,
    /** events committed but not yet polled: catchUp hands them over */
    pending: [] as [string, string][],
    catchUps: 0,
    async catchUp() {
      feed.catchUps++;
      for (const [name, id] of feed.pending.splice(0)) feed.emit(name, id);
    },
    emit(name: string, id: string, before?: string) {
      const e = { id: "1", type: "api.updated", at: "", api: { id, key: "k", name, team: null, cluster: null }, diff: { before: before ? { name: before } : {}, after: {} } } as unknown as TWebhookEvent;
      for (const l of listeners) l(e);
    },
    listeners,
  };
  return feed;
}

const answer = (name: string, url: string, id = "a1") => ({ id, name, key: `k:${name}`, proxyUrl: url, exposureMode: "Gateway", exposures: [], microservice: null, team: null, cluster: null, namespace: null, etag: `"${url}"`, index: null }) as TResolved;

describe("ResolveCache", () => {
  it("keeps an answer until an event names its API by name or id", async () => {
    const feed = fakeFeed();
    const cache = new ResolveCache(feed);
    let loads = 0;
    const load = (url: string) => async () => (loads++, answer("orders", url));
    expect(R(await cache.get("orders", undefined, load("u1"))).proxyUrl).toBe("u1");
    expect(R(await cache.get("orders", undefined, load("u2"))).proxyUrl).toBe("u1");
    expect(loads).toBe(1);
    feed.emit("other", "zz");
    expect(R(await cache.get("orders", undefined, load("u2"))).proxyUrl).toBe("u1");
    feed.emit("renamed", "a1");
    expect(R(await cache.get("orders", undefined, load("u2"))).proxyUrl).toBe("u2");
    feed.emit("orders", "x");
    expect(R(await cache.get("orders", undefined, load("u3"))).proxyUrl).toBe("u3");
    expect(loads).toBe(3);
  });

  it("reads the database while the feed is not current, and keeps nothing read meanwhile", async () => {
    const feed = fakeFeed();
    const cache = new ResolveCache(feed);
    await cache.get("orders", undefined, async () => answer("orders", "u1"));
    feed.ok = false;
    expect(R(await cache.get("orders", undefined, async () => answer("orders", "u2"))).proxyUrl).toBe("u2");
    expect(R(await cache.get("payments", undefined, async () => answer("payments", "p1", "p"))).proxyUrl).toBe("p1");
    expect(cache.size).toBe(1);
    // caught up: events it missed arrive now; an API they do not name keeps its answer
    feed.ok = true;
    feed.emit("payments", "p");
    expect(R(await cache.get("orders", undefined, async () => answer("orders", "u3"))).proxyUrl).toBe("u1");
  });

  it("with a catalog version, has the feed catch up whenever the version moved before answering from memory", async () => {
    const feed = fakeFeed();
    let version = "1";
    const cache = new ResolveCache(feed, { version: async () => version });
    const notFound = Object.assign(new Error("no API"), { code: "not_found" });
    await expect(cache.get("orders", undefined, async () => Promise.reject(notFound))).rejects.toBe(notFound);
    expect(feed.catchUps).toBe(1);
    // a commit the feed has not polled yet: the unknown name stays remembered until it catches up
    feed.pending.push(["orders", "a1"]);
    await expect(cache.get("orders", undefined, async () => answer("orders", "u1"))).rejects.toBe(notFound);
    expect(feed.catchUps).toBe(1);
    // the commit moved the version: the next resolve has the feed deliver it first
    version = "2";
    expect(R(await cache.get("orders", undefined, async () => answer("orders", "u1"))).proxyUrl).toBe("u1");
    expect(feed.catchUps).toBe(2);
    // an unchanged version costs no catch-up
    expect(R(await cache.get("orders", undefined, async () => answer("orders", "u2"))).proxyUrl).toBe("u1");
    expect(feed.catchUps).toBe(2);
  });

  it("does not keep an answer read while an event arrived", async () => {
    const feed = fakeFeed();
    const cache = new ResolveCache(feed);
    await cache.get("warmup", undefined, async () => answer("warmup", "w"));
    const stale = R(await cache.get("orders", undefined, async () => {
      feed.emit("orders", "a1");
      return answer("orders", "old");
    }));
    expect(stale.proxyUrl).toBe("old");
    expect(R(await cache.get("orders", undefined, async () => answer("orders", "new"))).proxyUrl).toBe("new");
  });

  it("expires answers and holds at most maxEntries", async () => {
    let t = 0;
    const cache = new ResolveCache(fakeFeed(), { maxEntries: 2, ttlMs: 1000, now: () => t });
    for (const n of ["a", "b", "c"]) await cache.get(n, undefined, async () => answer(n, n, n));
    expect(cache.size).toBe(2);
    t = 1001;
    expect(R(await cache.get("c", undefined, async () => answer("c", "c2", "c"))).proxyUrl).toBe("c2");
  });

  it("keeps unknown names as answers and rethrows other errors without keeping them", async () => {
    const cache = new ResolveCache(fakeFeed());
    const notFound = Object.assign(new Error("no API"), { code: "not_found" });
    await expect(cache.get("x", undefined, async () => Promise.reject(notFound))).rejects.toBe(notFound);
    await expect(cache.get("x", undefined, async () => answer("x", "u"))).rejects.toBe(notFound);
    const down = Object.assign(new Error("down"), { code: "ECONNREFUSED" });
    await expect(cache.get("y", undefined, async () => Promise.reject(down))).rejects.toBe(down);
    expect(R(await cache.get("y", undefined, async () => answer("y", "u"))).proxyUrl).toBe("u");
  });

  it("preloads one entry for a name and its only cluster, and an event about either drops both", async () => {
    const feed = fakeFeed();
    const one = { ...answer("orders", "u1"), cluster: "prod" };
    const ambiguous = Object.assign(new Error("several"), { code: "conflict" });
    const preloadAnswers = [
      { name: "orders", cluster: undefined, resolved: one, ids: ["a1"] },
      { name: "orders", cluster: "prod", resolved: one, ids: ["a1"] },
      // a name in two clusters: three answers (by name: ambiguous), each its own
      { name: "users", cluster: undefined, error: ambiguous, ids: ["b1", "b2"] },
      { name: "users", cluster: "prod", resolved: { ...answer("users", "p", "b1"), cluster: "prod" }, ids: ["b1"] },
      { name: "users", cluster: "dev", resolved: { ...answer("users", "d", "b2"), cluster: "dev" }, ids: ["b2"] },
    ];
    let preloads = 0;
    const cache = new ResolveCache(feed, {
      preload: async function* () {
        preloads++;
        // in two batches, as the database hands them over
        yield preloadAnswers.slice(0, 2) as never;
        yield preloadAnswers.slice(2) as never;
      },
    });
    let loads = 0;
    const load = (a: TResolved) => async () => (loads++, a);
    await cache.get("warmup", undefined, load(answer("warmup", "w", "w")));
    await expect.poll(() => cache.size).toBe(6);
    expect(preloads).toBe(1);
    const byName = await cache.get("orders", undefined, load(answer("orders", "x")));
    const byCluster = await cache.get("orders", "prod", load(answer("orders", "x")));
    expect(byCluster).toBe(byName);
    expect(R(byName).proxyUrl).toBe("u1");
    await expect(cache.get("users", undefined, load(answer("users", "x")))).rejects.toBe(ambiguous);
    expect(R(await cache.get("users", "dev", load(answer("users", "x")))).proxyUrl).toBe("d");
    expect(loads).toBe(1);
    // an event naming the API by id drops its answers under every key, and no other
    feed.emit("renamed-orders", "a1");
    expect(cache.size).toBe(4);
    expect(R(await cache.get("orders", "prod", load({ ...answer("orders", "u2"), cluster: "prod" }))).proxyUrl).toBe("u2");
    // by name: the name's answers in every cluster
    feed.emit("users", "zz");
    expect(R(await cache.get("users", "prod", load({ ...answer("users", "p2", "b1"), cluster: "prod" }))).proxyUrl).toBe("p2");
    expect(R(await cache.get("users", "dev", load({ ...answer("users", "d2", "b2"), cluster: "dev" }))).proxyUrl).toBe("d2");
    // by id: the answers that named it (users in dev), not users in prod
    await expect(cache.get("users", undefined, async () => Promise.reject(ambiguous))).rejects.toBe(ambiguous);
    loads = 0;
    feed.emit("users-renamed", "b2");
    expect(R(await cache.get("users", "prod", load(answer("users", "x")))).proxyUrl).toBe("p2");
    expect(loads).toBe(0);
    expect(R(await cache.get("users", "dev", load({ ...answer("users", "d3", "b2"), cluster: "dev" }))).proxyUrl).toBe("d3");
    expect(loads).toBe(1);
  });
});
