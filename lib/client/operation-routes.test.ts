// The client cannot drift from the REST API: every operation in OPERATIONS has a client method
// with the same method, path and answer statuses, and its types come from the same schemas.
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { ZResolved } from "../api/schemas/resolve";
import type { ZRegistration } from "../api/schemas/registration";
import type { ZSourceList } from "../api/schemas/source";
import type { OperationInput, SignpostClient } from "./client-types";
import { OPERATIONS } from "../api/openapi/operations";
import { OPERATION_ROUTES } from "./operation-routes";
import { OPERATION_SCHEMAS, type OperationSchemas } from "./operation-schemas";
import { createSignpostClient } from "./create-signpost-client";

const ids = OPERATIONS.map((op) => op.operationId);
const jsonSchema = (s: z.ZodType, io: "input" | "output") => z.toJSONSchema(s, { io, unrepresentable: "any", reused: "inline" });

describe("the client covers OPERATIONS", () => {
  it("has one method (and one raw method) per operationId, and no others", () => {
    const client = createSignpostClient({ baseUrl: "http://signpost.test" });
    for (const id of ids) {
      expect(typeof (client as unknown as Record<string, unknown>)[id], id).toBe("function");
      expect(typeof (client.raw as Record<string, unknown>)[id], id).toBe("function");
    }
    expect(Object.keys(OPERATION_ROUTES).sort()).toEqual([...ids].sort());
    expect(Object.keys(OPERATION_SCHEMAS).sort()).toEqual([...ids].sort());
  });

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))("%s: same method, path and answer statuses", (id, op) => {
    const route = OPERATION_ROUTES[id as keyof typeof OPERATION_ROUTES];
    expect(route.method).toBe(op.method);
    expect(route.path).toBe(op.path);
    // Answers are 2xx and 304, and any status with a body of its own (health's 503).
    const ok = Object.entries(op.responses)
      .filter(([status, schema]) => Number(status) < 400 || schema !== null)
      .map(([status]) => Number(status));
    expect([...route.ok].sort()).toEqual(ok.sort());
  });

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))("%s: types from the handler's schemas", (id, op) => {
    const mine = OPERATION_SCHEMAS[id as keyof typeof OPERATION_SCHEMAS] as OperationSchemas;
    for (const part of ["params", "query", "body"] as const) {
      const theirs = op[part];
      if (!theirs) expect(mine[part], `${id}.${part}`).toBeUndefined();
      // The same object where OPERATIONS exports it; otherwise the same JSON Schema.
      else if (mine[part] !== theirs) expect(jsonSchema(mine[part]!, "input"), `${id}.${part}`).toEqual(jsonSchema(theirs, "input"));
    }
    const success = Object.entries(op.responses).find(([status]) => Number(status) < 300);
    expect(success, `${id} has a 2xx answer`).toBeDefined();
    expect(mine.response, `${id}.response`).toBe(success![1]);
  });
});

describe("the client's types", () => {
  it("are z.infer / z.input of the handlers' schemas (checked by tsc)", () => {
    expectTypeOf<Awaited<ReturnType<SignpostClient["resolveApi"]>>>().toEqualTypeOf<z.infer<typeof ZResolved>>();
    expectTypeOf<Awaited<ReturnType<SignpostClient["listSources"]>>>().toEqualTypeOf<z.infer<typeof ZSourceList>>();
    expectTypeOf<OperationInput<"putRegistration">["body"]>().toEqualTypeOf<z.input<typeof ZRegistration>>();
    expectTypeOf<OperationInput<"putRegistration">["params"]>().toEqualTypeOf<{ gateway: string; name: string }>();
    expectTypeOf<Awaited<ReturnType<SignpostClient["deleteRegistration"]>>>().toEqualTypeOf<undefined>();
  });
});
