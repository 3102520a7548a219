// Property-based, over HTTP against a running `signpost start`: every REST operation answers
// arbitrary path parameters, query strings, bodies (unicode, huge strings, wrong types, malformed
// JSON) and credentials never with a 5xx, and every error is the one JSON error body with a code
// and a message; so do arbitrary paths and methods under /api. 500 cases per operation, sent 8 at
// a time over kept-alive connections. FUZZ_SEED=<n> replays a run (the seed is printed on failure).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "../../lib/api/openapi/operations";
import { SERVER_ADMIN_TOKEN, startSignpostServer, type SignpostServer } from "../helpers/signpost-server";

const RUNS = 500;
const PARALLEL = 8;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

let server: SignpostServer;
beforeAll(async () => {
  // Each request comes "through" a trusted proxy from its own address, so that the failed
  // credentials among the cases do not rate-limit the rest; the admin's cases (thousands a minute)
  // must reach the handlers, not the request budget.
  server = await startSignpostServer({ env: { SIGNPOST_TRUSTED_PROXIES: "127.0.0.1", SIGNPOST_RATE_LIMIT_READ: "0", SIGNPOST_RATE_LIMIT_WRITE: "0" } });
}, 150_000);
afterAll(async () => server?.dispose());

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("", "0", "-1", "../..", "%00", "a".repeat(5000), "🚀", "null", "true", "{}", "00000000-0000-4000-8000-000000000000", "99999999999999999999999", "9223372036854775808", "------------------------------------", "1e400", "NaN"),
);
const json = fc.oneof(
  fc.anything(),
  fc.jsonValue(),
  fc.record({ name: text, route: fc.anything(), upstream: fc.anything(), token: text, url: text, events: fc.anything(), secret: text, role: text }, { requiredKeys: [] }),
);
const queryKey = fc.oneof(text, fc.constantFrom("limit", "cursor", "q", "mode", "after", "wait", "cluster", "includeGone", "sort", "api", "team", "type", "etag"));
const credential = fc.constantFrom("admin", "none", "garbage", "malformed");

type Case = { method: string; url: string; headers: Record<string, string>; body?: string };
type Outcome = { status: number; text: string; contentType: string };

const send = async (c: Case): Promise<Outcome> => {
  const res = await fetch(`${server.url}${c.url}`, { method: c.method, headers: c.headers, body: c.body, redirect: "manual" });
  return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type") ?? "" };
};

/** What is wrong with an answer (null when it is fine): a 5xx, or an error that is not the one error body. */
function problem(o: Outcome, method: string): string | null {
  if (o.status >= 500) return `${o.status} ${o.text.slice(0, 300)}`;
  if (o.status < 400 || method === "HEAD") return null;
  if (!o.contentType.startsWith("application/json")) return `${o.status} answered ${o.contentType || "no content type"}: ${o.text.slice(0, 200)}`;
  try {
    const err = (JSON.parse(o.text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof err?.code !== "string" || typeof err?.message !== "string" || !err.message) return `${o.status} without the error body: ${o.text.slice(0, 200)}`;
  } catch {
    return `${o.status} not JSON: ${o.text.slice(0, 200)}`;
  }
  return null;
}

/** Sends every case, PARALLEL at a time; returns the failures with their inputs. */
async function run(cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const p = problem(await send(c), c.method);
        if (p) failures.push(`${c.method} ${c.url.slice(0, 300)} body=${(c.body ?? "").slice(0, 200)}: ${p}`);
      }
    }),
  );
  return failures;
}

let clients = 0;
function headersFor(cred: string, hasBody: boolean): Record<string, string> {
  const auth: Record<string, string> =
    cred === "admin" ? { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` } : cred === "garbage" ? { authorization: "Bearer sp_tok_nope" } : cred === "malformed" ? { authorization: "Basic Zm9vOmJhcg==" } : {};
  clients++;
  return { ...auth, ...(hasBody ? { "content-type": "application/json" } : {}), "x-forwarded-for": `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}` };
}

describe(`every REST input, fuzzed over HTTP (seed ${SEED})`, () => {
  OPERATIONS.forEach((op, i) => {
    it(`${op.method.toUpperCase()} ${op.path}: ${RUNS} cases, no 5xx, one error body`, async () => {
      const paramNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const hasBody = op.method !== "get" && op.method !== "delete";
      const arbitrary = fc.record({
        params: fc.tuple(...paramNames.map(() => text)),
        query: fc.dictionary(queryKey, text, { maxKeys: 4 }),
        body: fc.oneof(json.map((v) => JSON.stringify(v ?? null)), fc.string()),
        cred: credential,
      });
      const cases = fc.sample(arbitrary, { numRuns: RUNS, seed: SEED + i }).map(({ params, query, body, cred }): Case => {
        const path = op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[paramNames.indexOf(k)]) || "x");
        const q = new URLSearchParams(query);
        if (q.has("wait")) q.set("wait", "10ms"); // keep blocking resolves short
        return { method: op.method.toUpperCase(), url: `${path}${q.size ? `?${q}` : ""}`, headers: headersFor(cred, hasBody), body: hasBody ? body : undefined };
      });
      const failures = await run(cases);
      expect(failures.slice(0, 10), `${failures.length} of ${RUNS} failed (FUZZ_SEED=${SEED})`).toEqual([]);
    }, 120_000);
  });

  it(`any path and method under /api: ${RUNS} cases, the JSON 404 or 405, never HTML or a 5xx`, async () => {
    const segment = fc.oneof(fc.constantFrom("v1", "apis", "webhooks", "tokens", "sources", "cluster", "resolve", "events", "x", ".."), text.map((s) => encodeURIComponent(s)));
    const arbitrary = fc.record({
      segments: fc.array(segment, { minLength: 0, maxLength: 5 }),
      method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
      cred: credential,
    });
    const cases = fc.sample(arbitrary, { numRuns: RUNS, seed: SEED - 1 }).map(({ segments, method, cred }): Case => ({
      method,
      url: `/api/${segments.filter((s) => s && s !== "." && s !== "..").join("/")}`,
      headers: headersFor(cred, method !== "GET"),
      body: method === "GET" ? undefined : "{}",
    }));
    const failures = await run(cases);
    expect(failures.slice(0, 10), `${failures.length} of ${RUNS} failed (FUZZ_SEED=${SEED})`).toEqual([]);
  }, 120_000);
});
