import { describe, expect, it } from "vitest";
import { ContractError, formatOfContentType, parseContract } from "./parse-contract";
import { contractSearchText } from "./list-operations";

const valid = { openapi: "3.1.0", info: { title: "Users", version: "1" }, paths: { "/users": { get: { operationId: "listUsers", summary: "List users", responses: { "200": { description: "ok" } } } } } };

async function refusal(input: string) {
  try {
    await parseContract(input);
  } catch (err) {
    if (err instanceof ContractError) return { problem: err.problem, pointer: err.pointer, message: err.message };
    throw err;
  }
  throw new Error("accepted");
}

describe("parseContract", () => {
  it("keeps the bytes as given and hashes them; JSON and YAML, 3.0 and 3.1", async () => {
    const json = `  ${JSON.stringify(valid, null, 3)}\n`;
    const r = await parseContract(json);
    expect(r.format).toBe("json");
    expect(r.bytes.toString("utf8")).toBe(json);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    const yaml = "openapi: 3.0.3\ninfo: {title: Users, version: '1'}\npaths:\n  /users:\n    get:\n      responses:\n        '200': {description: ok}\n";
    const y = await parseContract(yaml);
    expect([y.format, y.openapi]).toEqual(["yaml", "3.0.3"]);
  });

  it("refuses an invalid document with the failing JSON pointer", async () => {
    const bad = structuredClone(valid) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    bad.paths["/users"].get.responses["200"] = { descriptionx: "ok" };
    expect(await refusal(JSON.stringify(bad))).toMatchObject({ problem: "invalid", pointer: "/paths/~1users/get/responses/200" });
    expect(await refusal(JSON.stringify({ ...valid, info: { title: "x" } }))).toMatchObject({ problem: "invalid", pointer: "/info" });
  });

  it("refuses Swagger 2.0, OpenAPI 3.2, and YAML that is no OpenAPI document", async () => {
    expect(await refusal("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n")).toMatchObject({ problem: "not_openapi", pointer: "/swagger" });
    expect(await refusal(JSON.stringify({ ...valid, openapi: "3.2.0" }))).toMatchObject({ problem: "not_openapi", pointer: "/openapi" });
    expect(await refusal("hello: world\n")).toMatchObject({ problem: "not_openapi", pointer: "/openapi" });
    expect(await refusal("- a\n- b\n")).toMatchObject({ problem: "not_openapi" });
  });

  it("refuses malformed text, external and dangling references", async () => {
    expect(await refusal("{ not json")).toMatchObject({ problem: "malformed" });
    expect(await refusal("openapi: [\n")).toMatchObject({ problem: "malformed" });
    const ext = structuredClone(valid) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    ext.paths["/users"].get.responses["200"] = { $ref: "http://169.254.169.254/latest#/x" };
    expect(await refusal(JSON.stringify(ext))).toMatchObject({ problem: "invalid", pointer: "/paths/~1users/get/responses/200/$ref" });
    ext.paths["/users"].get.responses["200"] = { $ref: "#/components/responses/Nope" };
    expect(await refusal(JSON.stringify(ext))).toMatchObject({ problem: "invalid", pointer: "/paths/~1users/get/responses/200/$ref" });
  });

  it("maps content types to formats", () => {
    expect(formatOfContentType("application/json; charset=utf-8")).toBe("json");
    expect(formatOfContentType("application/vnd.oai.openapi+json")).toBe("json");
    expect(formatOfContentType("application/yaml")).toBe("yaml");
    expect(formatOfContentType("text/x-yaml")).toBe("yaml");
    expect(formatOfContentType("text/plain")).toBeNull();
  });

  it("search text holds the title, operation ids, summaries and paths", async () => {
    const r = await parseContract(JSON.stringify(valid));
    expect(contractSearchText(r.document)).toBe("users\nlistusers list users get /users");
  });
});
