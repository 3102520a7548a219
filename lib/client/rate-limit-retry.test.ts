// A refusal for the request budget (429, reason write_limit / read_limit: the server did nothing)
// is sent again after Retry-After, as often as rateLimitRetries allows and only when the wait is
// short enough; a 429 for failed credentials is never sent again. Driven over HTTP against a
// server that answers with the server's own error body.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSignpostClient } from "./create-signpost-client";

let server: http.Server;
let base: string;
/** how many requests each path received */
const seen = new Map<string, number>();
/** how many budget refusals a path answers before it accepts, and the Retry-After they carry */
let refusals = { count: 0, retryAfter: 1 };

function budgetRefusal(res: http.ServerResponse, retryAfter: number): void {
  res.writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfter) });
  res.end(JSON.stringify({ error: { code: "rate_limited", message: `rate limit: at most 10 writes a minute per token (SIGNPOST_RATE_LIMIT_WRITE); retry in ${retryAfter} s`, details: { reason: "write_limit", limit: "SIGNPOST_RATE_LIMIT_WRITE", max: 10, retryAfter } } }));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (req.url === "/api/v1/session") {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
      return void res.end(JSON.stringify({ error: { code: "rate_limited", message: "too many failed attempts", details: { reason: "failed_credentials", retryAfter: 1 } } }));
    }
    if (n <= refusals.count) return budgetRefusal(res, refusals.retryAfter);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ name: "busy", attempt: n }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => seen.clear());

const body = { name: "busy", upstream: { url: "http://busy:1" }, route: { paths: ["/busy"] } };
const put = (client: ReturnType<typeof createSignpostClient>) => client.putRegistration({ params: { gateway: "sandbox", name: "busy" }, body });

describe("requests refused for the request budget", () => {
  it("are sent again after Retry-After, and the caller is told of each wait", async () => {
    refusals = { count: 2, retryAfter: 1 };
    const waits: unknown[] = [];
    const client = createSignpostClient({ baseUrl: base, token: "t", onRateLimited: (w) => waits.push(w) });
    expect(await put(client)).toEqual({ name: "busy", attempt: 3 });
    expect(seen.get("PUT /api/v1/registrations/sandbox/busy")).toBe(3);
    expect(waits).toEqual([1, 2].map((attempt) => ({ url: `${base}/api/v1/registrations/sandbox/busy`, retryAfterSeconds: 1, attempt })));
  });

  it("give up with the 429 after rateLimitRetries waits, or at once when it is 0", async () => {
    refusals = { count: 10, retryAfter: 1 };
    await expect(put(createSignpostClient({ baseUrl: base, rateLimitRetries: 1 }))).rejects.toMatchObject({ status: 429, code: "rate_limited" });
    expect(seen.get("PUT /api/v1/registrations/sandbox/busy")).toBe(2);
    seen.clear();
    await expect(put(createSignpostClient({ baseUrl: base, rateLimitRetries: 0 }))).rejects.toMatchObject({ status: 429 });
    expect(seen.get("PUT /api/v1/registrations/sandbox/busy")).toBe(1);
  });

  it("are not waited for when Retry-After is longer than maxRetryWaitMs", async () => {
    refusals = { count: 1, retryAfter: 45 };
    await expect(put(createSignpostClient({ baseUrl: base, maxRetryWaitMs: 30_000 }))).rejects.toMatchObject({ status: 429, details: { retryAfter: 45 } });
    expect(seen.get("PUT /api/v1/registrations/sandbox/busy")).toBe(1);
  });

  it("but a 429 for failed credentials is never sent again", async () => {
    await expect(createSignpostClient({ baseUrl: base }).signIn({ body: { token: "wrong" } })).rejects.toMatchObject({ status: 429 });
    expect(seen.get("POST /api/v1/session")).toBe(1);
  });
});
