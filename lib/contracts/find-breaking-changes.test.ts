import { describe, expect, it } from "vitest";
import { findBreakingChanges } from "./find-breaking-changes";
import type { OpenApiDocument } from "./parse-contract";

const ok = { "200": { description: "ok" } };
const doc = (paths: Record<string, unknown>, components: Record<string, unknown> = {}): OpenApiDocument => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths,
  components,
});
const getUser = (extra: Record<string, unknown> = {}) => ({
  "/users/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok, ...extra } },
});

describe("findBreakingChanges", () => {
  it("reports nothing for the same document and for additions", () => {
    expect(findBreakingChanges(doc(getUser()), doc(getUser()))).toEqual([]);
    const more = doc({ ...getUser(), "/orders": { post: { responses: ok } } });
    expect(findBreakingChanges(doc(getUser()), more)).toEqual([]);
  });

  it("rule operation-removed: a removed method or path", () => {
    const before = doc({ ...getUser(), "/orders": { get: { responses: ok }, post: { responses: ok } } });
    const after = doc({ "/orders": { get: { responses: ok } } });
    expect(findBreakingChanges(before, after)).toEqual([
      { rule: "operation-removed", operation: "GET /users/{id}", message: "GET /users/{id} was removed" },
      { rule: "operation-removed", operation: "POST /orders", message: "POST /orders was removed" },
    ]);
  });

  it("rule operation-removed: renaming a path parameter is not a removal", () => {
    const renamed = doc({ "/users/{userId}": { get: { parameters: [{ name: "userId", in: "path", required: true }], responses: ok } } });
    expect(findBreakingChanges(doc(getUser()), renamed)).toEqual([]);
  });

  it("rule parameter-required: an optional parameter made required, and a new required one", () => {
    const before = doc(getUser({ parameters: [{ name: "id", in: "path", required: true }, { name: "expand", in: "query" }] }));
    const after = doc(
      getUser({
        parameters: [
          { name: "id", in: "path", required: true },
          { name: "expand", in: "query", required: true },
          { name: "X-Tenant", in: "header", required: true },
          { name: "page", in: "query", required: false },
        ],
      }),
    );
    expect(findBreakingChanges(before, after)).toEqual([
      { rule: "parameter-required", operation: "GET /users/{id}", message: 'GET /users/{id}: query parameter "expand" is now required' },
      { rule: "parameter-required", operation: "GET /users/{id}", message: 'GET /users/{id}: new required header parameter "X-Tenant"' },
    ]);
  });

  it("rule parameter-required: follows $refs and path-level parameters", () => {
    const before = doc({ "/things": { get: { responses: ok } } });
    const after = doc(
      { "/things": { parameters: [{ $ref: "#/components/parameters/Tenant" }], get: { responses: ok } } },
      { parameters: { Tenant: { name: "tenant", in: "query", required: true } } },
    );
    expect(findBreakingChanges(before, after).map((c) => c.message)).toEqual(['GET /things: new required query parameter "tenant"']);
  });

  it("rule parameter-required: a parameter made optional breaks nothing", () => {
    const before = doc({ "/x": { get: { parameters: [{ name: "q", in: "query", required: true }], responses: ok } } });
    const after = doc({ "/x": { get: { parameters: [{ name: "q", in: "query" }], responses: ok } } });
    expect(findBreakingChanges(before, after)).toEqual([]);
  });

  it("rule response-removed: a response code an operation no longer answers", () => {
    const before = doc({ "/x": { get: { responses: { "200": { description: "ok" }, "404": { description: "no" }, default: { description: "e" } } } } });
    const after = doc({ "/x": { get: { responses: { "200": { description: "ok" }, "410": { description: "gone" } } } } });
    expect(findBreakingChanges(before, after)).toEqual([
      { rule: "response-removed", operation: "GET /x", message: "GET /x: response 404 was removed" },
      { rule: "response-removed", operation: "GET /x", message: "GET /x: response default was removed" },
    ]);
  });
});
