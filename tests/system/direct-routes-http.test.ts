// The catalog's hot reads (list, facets, one API, resolve) answered without Next's request
// pipeline (bin/direct-routes.mjs), over HTTP against a real `signpost start` with private reads,
// a small read budget and a trusted proxy: the same guards (401 without a token, 429 past the
// budget, a client's own x-signpost-peer never trusted), the security headers next.config.ts gives
// every API answer, gzip and Vary as Next sends them, ETag/304; HEAD and malformed paths still go
// to Next. A direct answer is told apart by its Vary: Next adds its router headers to every
// answer it sends (rsc, next-router-state-tree, ...), the direct router only Accept-Encoding.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSignpostServer, SERVER_ADMIN_TOKEN, type HttpAnswer, type SignpostServer } from "../helpers/signpost-http-server";
import { waitFor } from "../helpers/wait-for";

/** per caller: the admin token's own reads in this file stay well below it */
const READS = 60;
const PROXY = "127.0.0.40";
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
const SECURITY = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

let server: SignpostServer;
let usermgr: string;

const direct = (a: HttpAnswer) => a.headers.vary === "Accept-Encoding";

beforeAll(async () => {
  server = await startSignpostServer({ SIGNPOST_PUBLIC_READ: "false", SIGNPOST_RATE_LIMIT_READ: String(READS), SIGNPOST_TRUSTED_PROXIES: PROXY });
  usermgr = (await server.request("/api/v1/resolve/usermgr", { headers: admin })).json<{ id: string }>().id;
  // A route's module is loaded on its first request (which Next serves): wait until each is
  // direct. Anonymous, one address per route: the admin token's read budget stays for the tests
  // however many polls a slow machine takes (a 401 or 429 answered directly ends the wait too).
  const warmUps = ["/api/v1/apis?limit=1", "/api/v1/apis/facets", `/api/v1/apis/${usermgr}`, "/api/v1/resolve/usermgr"];
  for (const [i, p] of warmUps.entries()) {
    await waitFor(() => server.request(p, { from: `127.0.0.${10 + i}` }), direct, { intervalMs: 100, timeoutMs: 20_000, what: `${p} answered directly` });
  }
}, 150_000);

afterAll(async () => {
  await server?.dispose();
});

describe("direct routes", () => {
  it("answer the reads with the same body, headers and security headers as the route handler", async () => {
    const list = await server.request("/api/v1/apis?limit=5&sort=name", { headers: admin, from: "127.0.0.3" });
    expect(list.status).toBe(200);
    expect(direct(list)).toBe(true);
    expect(list.headers).toMatchObject({ ...SECURITY, "content-type": "application/json" });
    expect(list.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(list.headers["content-length"])).toBe(Buffer.byteLength(list.text));
    const body = list.json<{ data: { name: string }[]; total: number }>();
    expect(body.data.map((a) => a.name)).toContain("usermgr");
    const one = await server.request(`/api/v1/apis/${usermgr}`, { headers: { ...admin, "x-request-id": "caller-chosen-id" }, from: "127.0.0.3" });
    expect([one.status, direct(one), one.headers["x-request-id"], one.json<{ name: string }>().name]).toEqual([200, true, "caller-chosen-id", "usermgr"]);
    const missing = await server.request("/api/v1/apis/00000000-0000-4000-8000-000000000000", { headers: admin, from: "127.0.0.3" });
    expect([missing.status, direct(missing), missing.json<{ error: { code: string } }>().error.code]).toEqual([404, true, "not_found"]);
    const bad = await server.request("/api/v1/apis?limit=0", { headers: admin, from: "127.0.0.3" });
    expect([bad.status, direct(bad)]).toEqual([400, true]);
  });

  it("refuse a reader without a token (private reads) with 401 and WWW-Authenticate", async () => {
    for (const p of ["/api/v1/apis?limit=1", "/api/v1/resolve/usermgr", `/api/v1/apis/${usermgr}`, "/api/v1/apis/facets"]) {
      const a = await server.request(p, { from: "127.0.0.4" });
      expect([p, a.status, direct(a), a.headers["www-authenticate"]]).toEqual([p, 401, true, 'Bearer realm="signpost"']);
      expect(a.headers).toMatchObject(SECURITY);
    }
  });

  it("count the TCP peer against the read budget: a client's own x-signpost-peer and X-Forwarded-For earn no new budget", async () => {
    let n = 0;
    const spoofed = () => server.request("/api/v1/resolve/usermgr", { from: "127.0.0.41", headers: { "x-signpost-peer": PROXY, "x-forwarded-for": `10.6.0.${++n}` } });
    for (let i = 0; i < READS; i++) expect((await spoofed()).status).toBe(401);
    const refused = await spoofed();
    expect([refused.status, direct(refused), refused.json<{ error: { details: { reason: string } } }>().error.details.reason]).toEqual([429, true, "read_limit"]);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });

  it("gzip a large answer when asked, with Vary: Accept-Encoding, and answer If-None-Match with 304", async () => {
    const raw = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: server.port, path: "/api/v1/apis?limit=100", localAddress: "127.0.0.5", headers: { ...admin, "accept-encoding": "gzip, br" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });
    expect([raw.headers["content-encoding"], raw.headers.vary]).toEqual(["gzip", "Accept-Encoding"]);
    const plain = await server.request("/api/v1/apis?limit=100", { headers: admin, from: "127.0.0.5" });
    expect(zlib.gunzipSync(raw.body).toString("utf8")).toBe(plain.text);

    const first = await server.request("/api/v1/resolve/usermgr", { headers: admin, from: "127.0.0.5" });
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"/);
    const again = await server.request("/api/v1/resolve/usermgr", { headers: { ...admin, "if-none-match": etag }, from: "127.0.0.5" });
    expect([again.status, direct(again), again.text, again.headers.etag]).toEqual([304, true, "", etag]);
  });

  it("answer a malformed escape in the path with a JSON 400 (Next answers it with a plain-text 500)", async () => {
    const malformed = await server.request("/api/v1/resolve/%E0%A4%A", { headers: admin, from: "127.0.0.6" });
    expect([malformed.status, malformed.headers["content-type"], malformed.json()]).toEqual([
      400,
      "application/json",
      { error: { code: "bad_request", message: "invalid path: name is not valid percent-encoded UTF-8" } },
    ]);
    expect(malformed.headers).toMatchObject(SECURITY);
  });

  it("leave HEAD and other methods to Next", async () => {
    const head = await server.request("/api/v1/resolve/usermgr", { method: "HEAD", headers: admin, from: "127.0.0.6" });
    expect([head.status, direct(head), head.text]).toEqual([200, false, ""]);
    const post = await server.request("/api/v1/apis/facets", { method: "POST", headers: admin, from: "127.0.0.6", body: {} });
    expect([post.status, direct(post)]).toEqual([405, false]);
    expect((await server.request("/api/health", { from: "127.0.0.6" })).status).toBe(200);
  });

  it("run on a build whose server chunks are each written once, and Next still serves the routes whose copies became references", async () => {
    // the server started above built .next if it was stale: this is the build it runs
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".js") && files.push(path.join(d, e.name))));
    walk(path.join(process.cwd(), ".next", "server"));
    const bodies = new Map<string, string[]>();
    let references = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      if (/^module\.exports=require\("[^"]+"\);\n$/.test(text)) references++;
      if (!text.startsWith("module.exports=[")) continue;
      const key = crypto.createHash("sha256").update(text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, "")).digest("hex");
      bodies.set(key, [...(bodies.get(key) ?? []), path.relative(process.cwd(), f)]);
    }
    expect([...bodies.values()].filter((names) => names.length > 1)).toEqual([]);
    expect(references).toBeGreaterThan(0);
    // routes of several chunk groups (a chunk of each was a repeat of another group's)
    const services = await server.request("/api/v1/services?q=usermgr", { headers: admin, from: "127.0.0.7" });
    expect(services.status).toBe(200);
    const manifest = await server.request("/api/v1/apis/manifest", { method: "POST", headers: admin, from: "127.0.0.7", body: { name: "chunk-check", upstream: { service: { cluster: "sandbox", namespace: "shop", name: "usermgr", port: 80 } }, route: { paths: ["/chunk-check"] } } });
    expect([manifest.status, manifest.text]).toEqual([200, expect.stringContaining("chunk-check")]);
  });

  it("end a blocking resolve (?wait=) when its client hangs up, instead of at its deadline", async () => {
    // a reader of its own: this test's polls do not spend the admin token's read budget
    const created = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: "long-poll-reader", role: "viewer" } });
    expect(created.status, created.text).toBe(201);
    const reader = { authorization: `Bearer ${created.json<{ token: string }>().token}` };
    const waiting = async () => {
      const m = await server.request("/metrics", { headers: reader, from: "127.0.0.9" });
      expect(m.status).toBe(200);
      return Number(/^signpost_resolve_waiting (\S+)$/m.exec(m.text)?.[1]);
    };
    expect(await waiting()).toBe(0);
    const { etag } = (await server.request("/api/v1/resolve/usermgr", { headers: reader, from: "127.0.0.9" })).headers;
    expect(etag).toBeTruthy();
    // waits up to 60 s for usermgr's address to change, then goes away after 0 s
    const caller = http.request({ host: "127.0.0.1", port: server.port, path: "/api/v1/resolve/usermgr?wait=60s", headers: { ...reader, "if-none-match": etag! }, localAddress: "127.0.0.9" });
    const hungUp = new Promise<void>((resolve) => caller.on("error", () => resolve()).on("close", () => resolve()));
    caller.end();
    await waitFor(waiting, (n) => n === 1, { intervalMs: 250, timeoutMs: 10_000, what: "the resolve waiting for a change" });
    caller.destroy();
    await hungUp;
    await waitFor(waiting, (n) => n === 0, { intervalMs: 250, timeoutMs: 10_000, what: "the wait to end with its client" });
  });

  it("give the heap back once a burst of requests is over: lean growth before it, a doubling through it, then the lean growth and one compacting collection", async () => {
    const metrics = async () => {
      const m = await server.request("/metrics", { headers: admin, from: "127.0.0.8" });
      expect(m.status).toBe(200);
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(m.text)?.[1]);
      return { collections: value("signpost_heap_burst_collections_total"), inBurst: value("signpost_heap_in_burst"), growth: value("signpost_heap_growing_percent") };
    };
    const before = await metrics();
    expect(before.collections).toBeGreaterThanOrEqual(0);
    expect(before).toMatchObject({ inBurst: 0, growth: 30 });
    // a burst: 240 requests (bin/heap-after-bursts.mjs counts every request, answered by Next or directly)
    const from = Array.from({ length: 8 }, (_, i) => `127.0.1.${i + 1}`);
    await Promise.all(from.map(async (addr) => {
      for (let i = 0; i < 30; i++) expect((await server.request("/api/health", { from: addr })).status).toBe(200);
    }));
    expect(await metrics()).toMatchObject({ collections: before.collections, inBurst: 1, growth: 100 });
    // once no request came for the quiet period (2 s): one collection, and the heap grows leanly;
    // each poll is one request, which does not start a burst again
    const after = await waitFor(metrics, (m) => m.collections === before.collections + 1, { intervalMs: 2500, timeoutMs: 30_000, what: "a collection after the burst" });
    expect(after).toMatchObject({ inBurst: 0, growth: 30 });
  });
});
