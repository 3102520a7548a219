// The cache-and-refresh rules with a scripted server: the cache answers, the server is asked with
// If-None-Match (304 keeps the entry), an unreachable server leaves the entry marked stale, and an
// API the server no longer knows leaves the cache.
import { describe, expect, it } from "vitest";
import { createResolver } from "./create-resolver";
import { memoryCacheStore } from "./resolver-cache";
import { SignpostError } from "./signpost-error";

const resolved = (url: string, etag: string) => ({
  id: "6f1c3c3e-1d7a-4d55-9a53-3f0a1b2c3d4e", name: "orders-v2", key: "api:orders-v2", proxyUrl: url, exposureMode: "Gateway",
  exposures: [{ mode: "Gateway", url, status: "ready" }], microservice: "ordermgr", team: "shop", cluster: null, namespace: null, etag, index: "9",
});

type Step = { status: number; body?: unknown; etag?: string } | "refused";

function scripted(steps: Step[]) {
  const seen: { url: string; ifNoneMatch: string | null; auth: string | null }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const h = new Headers(init.headers);
    seen.push({ url, ifNoneMatch: h.get("if-none-match"), auth: h.get("authorization") });
    const step = steps.shift();
    if (!step) throw new Error("unexpected request");
    if (step === "refused") throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    return new Response(step.body === undefined ? null : JSON.stringify(step.body), { status: step.status, headers: step.etag ? { etag: step.etag } : {} });
  }) as unknown as typeof fetch;
  return { fetchImpl, seen };
}

describe("createResolver", () => {
  it("fills the cache, revalidates with If-None-Match, and keeps the entry on 304", async () => {
    const { fetchImpl, seen } = scripted([
      { status: 200, body: resolved("http://gw/v2/orders", '"a"'), etag: '"a"' },
      { status: 304, etag: '"a"' },
      { status: 200, body: resolved("http://gw/v3/orders", '"b"'), etag: '"b"' },
    ]);
    const store = memoryCacheStore();
    const r = createResolver({ baseUrl: "http://signpost.test", token: "t0ken", fetch: fetchImpl, store });
    const first = await r.resolve("orders-v2");
    expect(first).toMatchObject({ url: "http://gw/v2/orders", stale: false, source: "server", changed: true });
    const second = await r.resolve("orders-v2");
    expect(second).toMatchObject({ url: "http://gw/v2/orders", stale: false, source: "cache", changed: false });
    const third = await r.resolve("orders-v2");
    expect(third).toMatchObject({ url: "http://gw/v3/orders", source: "server", changed: true });
    expect(seen.map((s) => s.ifNoneMatch)).toEqual([null, '"a"', '"a"']);
    expect(seen[0]).toMatchObject({ url: "http://signpost.test/api/v1/resolve/orders-v2", auth: "Bearer t0ken" });
    expect((await store.read()).apis["orders-v2"]).toMatchObject({ url: "http://gw/v3/orders", etag: '"b"', index: "9" });
  });

  it("answers from the cache with stale: true when the server is unreachable or unavailable", async () => {
    const { fetchImpl } = scripted([
      { status: 200, body: resolved("http://gw/v2/orders", '"a"') },
      "refused",
      { status: 503, body: { error: { code: "database_unavailable", message: "the database is unavailable" } } },
    ]);
    const r = createResolver({ baseUrl: "http://signpost.test", fetch: fetchImpl });
    await r.resolve("orders-v2");
    const down = await r.resolve("orders-v2");
    expect(down).toMatchObject({ url: "http://gw/v2/orders", stale: true, source: "cache" });
    expect(down.error?.kind).toBe("unreachable");
    expect((await r.resolve("orders-v2")).stale).toBe(true);
  });

  it("throws when there is nothing cached, and drops an entry the server does not know", async () => {
    const { fetchImpl } = scripted([
      "refused",
      { status: 200, body: resolved("http://gw/v2/orders", '"a"') },
      { status: 404, body: { error: { code: "not_found", message: 'no API named "orders-v2"' } } },
    ]);
    const r = createResolver({ baseUrl: "http://signpost.test", fetch: fetchImpl });
    await expect(r.resolve("orders-v2")).rejects.toMatchObject({ kind: "unreachable", status: 0 });
    await r.resolve("orders-v2");
    const err = await r.resolve("orders-v2").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignpostError);
    expect(err).toMatchObject({ kind: "not_found", status: 404, code: "not_found", message: 'no API named "orders-v2"' });
    expect((await r.readCache()).apis).toEqual({});
  });

  it("keys entries resolved in a cluster as name@cluster", async () => {
    const { fetchImpl, seen } = scripted([{ status: 200, body: resolved("http://gw/v2/orders", '"a"') }]);
    const r = createResolver({ baseUrl: "http://signpost.test/", fetch: fetchImpl });
    await r.resolve("orders-v2", { cluster: "prod-eu" });
    expect(seen[0].url).toBe("http://signpost.test/api/v1/resolve/orders-v2?cluster=prod-eu");
    expect(Object.keys((await r.readCache()).apis)).toEqual(["orders-v2@prod-eu"]);
  });
});
