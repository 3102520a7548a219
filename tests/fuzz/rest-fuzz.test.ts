// Property-based: every REST operation answered arbitrary path parameters, query strings and
// bodies (unicode, huge strings, wrong types, malformed JSON) never with a 5xx, and every error
// is the one error body with a code and a message.
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "../../lib/api/openapi/operations";
import { ADMIN, startSignpostStack, type Stack } from "../helpers/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startSignpostStack("pglite");
}, 60_000);
afterAll(async () => stack?.stop());

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("", "0", "-1", "../..", "%00", "a".repeat(5000), "🚀", "null", "true", "{}", "00000000-0000-4000-8000-000000000000"));
const json = fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ name: text, route: fc.anything(), upstream: fc.anything(), token: text, url: text, events: fc.anything(), secret: text, role: text }, { requiredKeys: [] }));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function handlerOf(method: string, p: string): Promise<Handler> {
  const file = path.resolve(import.meta.dirname, "../../app", `.${p.replace(/\{(\w+)\}/g, "[$1]")}`, "route.ts");
  return ((await import(file)) as Record<string, Handler>)[method.toUpperCase()];
}

describe("every REST input, fuzzed", () => {
  for (const op of OPERATIONS) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      const handler = await handlerOf(op.method, op.path);
      const paramNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...paramNames.map(() => text)),
          fc.dictionary(fc.oneof(text, fc.constantFrom("limit", "cursor", "q", "mode", "after", "wait", "cluster", "includeGone", "sort")), text, { maxKeys: 4 }),
          fc.oneof(json, fc.string()),
          fc.boolean(),
          async (params, query, body, authed) => {
            const url = new URL(`http://signpost.test${op.path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(params[paramNames.indexOf(k)]) || "x")}`);
            for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
            if (url.searchParams.has("wait")) url.searchParams.set("wait", "10ms"); // keep blocking resolves short
            const hasBody = op.method !== "get" && op.method !== "delete";
            const res = await handler(
              new Request(url, {
                method: op.method.toUpperCase(),
                headers: { ...(authed ? { authorization: `Bearer ${ADMIN}` } : {}), ...(hasBody ? { "content-type": "application/json" } : {}) },
                body: hasBody ? (typeof body === "string" ? body : JSON.stringify(body ?? null)) : undefined,
              }),
              { params: Promise.resolve(Object.fromEntries(paramNames.map((k, i) => [k, params[i]]))) },
            );
            const text = await res.text();
            expect(res.status, `${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
            if (res.status >= 400) {
              const err = JSON.parse(text) as { error: { code: string; message: string } };
              expect(typeof err.error.code).toBe("string");
              expect(err.error.message.length).toBeGreaterThan(0);
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});
