// Contracts through MCP over HTTP against a real `signpost start`: each API's OpenAPI document is
// a resource (signpost://apis/{id}/contract) whose read returns exactly the bytes REST stored and
// serves, resources/list pages the APIs that have one, get_api summarises its operations, and
// bad reads are JSON-RPC errors naming the problem. The SDK's Client and
// @modelcontextprotocol/inspector-cli read them.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { admin, call, errorText, ok, mcpSuite } from "../helpers/mcp-http";

const mcp = mcpSuite();
const { connect, inspector } = mcp;

describe("contract resources", () => {
  // YAML with what a re-serialisation would lose: a byte-order mark, CRLF line ends, comments,
  // non-ASCII text and key order.
  const yaml = [
    "\uFEFF# the user manager's contract (kept as written)",
    "openapi: 3.0.3",
    "info: {title: Benutzerverwaltung – Übersicht, version: '1.2'}",
    "paths:",
    "  /users:",
    "    get: {operationId: listUsers, summary: Alle Benutzer, responses: {'200': {description: ok}}}",
    "    post: {operationId: createUser, summary: Neuer Benutzer, responses: {'201': {description: created}}}",
    "  /users/{id}:",
    "    parameters: [{name: id, in: path, required: true, schema: {type: string}}]",
    "    delete: {operationId: deleteUser, deprecated: true, responses: {'204': {description: gone}}}",
    "",
  ].join("\r\n");
  const ids: Record<"usermgr" | "ordermgr", string> = { usermgr: "", ordermgr: "" };

  /** PUT /api/v1/apis/{id}/spec with the document's own bytes (not JSON-encoded). */
  async function putSpec(id: string, body: string, type: string): Promise<{ status: number; body: { version: number; hash: string } }> {
    const r = await fetch(`${mcp.server.url}/api/v1/apis/${id}/spec`, { method: "PUT", headers: { ...admin, "content-type": type }, body });
    return { status: r.status, body: (await r.json()) as { version: number; hash: string } };
  }

  async function getSpec(id: string): Promise<{ status: number; type: string | null; version: string | null; bytes: Buffer }> {
    const r = await fetch(`${mcp.server.url}/api/v1/apis/${id}/spec`, { headers: { authorization: `Bearer ${mcp.tokens.viewer}` } });
    return { status: r.status, type: r.headers.get("content-type"), version: r.headers.get("x-contract-version"), bytes: Buffer.from(await r.arrayBuffer()) };
  }

  beforeAll(async () => {
    for (const name of ["usermgr", "ordermgr"] as const) ids[name] = (await mcp.server.request(`/api/v1/resolve/${name}`)).json<{ id: string }>().id;
  });

  it("advertises resources and the contract template; lists the APIs with a contract; a read returns exactly the stored bytes", async () => {
    const client = await connect(mcp.tokens.viewer);
    expect(client.getServerCapabilities()?.resources).toBeDefined();
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates).toEqual([expect.objectContaining({ name: "api-contract", uriTemplate: "signpost://apis/{id}/contract", title: "API contract" })]);
    const uri = `signpost://apis/${ids.usermgr}/contract`;
    expect((await client.listResources()).resources.map((r) => r.uri)).not.toContain(uri);

    const put = await putSpec(ids.usermgr, yaml, "application/yaml");
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    const rest = await getSpec(ids.usermgr);
    expect([rest.status, rest.type, rest.version]).toEqual([200, "application/yaml", String(put.body.version)]);
    expect(rest.bytes.equals(Buffer.from(yaml, "utf8"))).toBe(true);

    const listed = await client.listResources();
    expect(listed.nextCursor).toBeUndefined();
    expect(listed.resources).toEqual([
      { uri, name: "usermgr contract", title: `usermgr: OpenAPI contract v${put.body.version}`, description: `The OpenAPI document of usermgr (k8s:sandbox/shop/usermgr), version ${put.body.version}`, mimeType: "application/yaml" },
    ]);

    const read = await client.readResource({ uri });
    expect(read.contents).toHaveLength(1);
    const content = read.contents[0] as unknown as { uri: string; mimeType: string; text: string; _meta: { version: number; hash: string } };
    expect(content).toMatchObject({ uri, mimeType: "application/yaml", _meta: { version: put.body.version, hash: put.body.hash } });
    expect(content.text).toBe(yaml);
    expect(Buffer.from(content.text, "utf8").equals(rest.bytes)).toBe(true);
    expect(crypto.createHash("sha256").update(rest.bytes).digest("hex")).toBe(put.body.hash);

    // a JSON version: served as JSON, byte for byte (spacing and key order as sent)
    const json = `{"paths":{"/users":{"get":{"operationId":"listUsers","responses":{"200":{"description":"ok"}}}}},  "openapi":"3.1.0","info":{"title":"Users","version":"2"}}\n`;
    const v2 = await putSpec(ids.usermgr, json, "application/json");
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    const again = (await client.readResource({ uri })).contents[0] as unknown as { mimeType: string; text: string; _meta: { version: number } };
    expect(again).toMatchObject({ mimeType: "application/json", text: json, _meta: { version: v2.body.version } });
    expect((await client.listResources()).resources[0]).toMatchObject({ uri, mimeType: "application/json", title: `usermgr: OpenAPI contract v${v2.body.version}` });
    // back to the YAML document for the tests below (a new version with the same bytes)
    expect((await putSpec(ids.usermgr, yaml, "application/yaml")).status).toBe(201);
  });

  it("get_api says where the contract is and summarises its operations, bounded, with their count", async () => {
    const client = await connect(mcp.tokens.viewer);
    const rest = await getSpec(ids.usermgr);
    const hash = crypto.createHash("sha256").update(rest.bytes).digest("hex");
    type Summary = { url: string; resource: string; version: number; hash: string; mimeType: string; openapi: string; title: string; operationCount: number; operations: Record<string, unknown>[] };
    const got = ok<{ contract: Summary }>(await call(client, "get_api", { api: "usermgr", changes: 0 }));
    expect(got.contract).toMatchObject({
      url: `${mcp.server.url}/api/v1/apis/${ids.usermgr}/spec`,
      resource: `signpost://apis/${ids.usermgr}/contract`,
      version: Number(rest.version),
      hash,
      mimeType: "application/yaml",
      openapi: "3.0.3",
      title: "Benutzerverwaltung – Übersicht",
      operationCount: 3,
    });
    expect(got.contract.operations).toEqual([
      { method: "GET", path: "/users", operationId: "listUsers", summary: "Alle Benutzer" },
      { method: "POST", path: "/users", operationId: "createUser", summary: "Neuer Benutzer" },
      { method: "DELETE", path: "/users/{id}", operationId: "deleteUser", summary: null, deprecated: true },
    ]);
    // the URL it gives serves the document
    expect((await mcp.server.request(new URL(got.contract.url).pathname, { headers: { authorization: `Bearer ${mcp.tokens.viewer}` } })).text).toBe(yaml);
    const bounded = ok<{ contract: Summary }>(await call(client, "get_api", { api: "usermgr", changes: 0, operations: 1 }));
    expect(bounded.contract.operationCount).toBe(3);
    expect(bounded.contract.operations.map((o) => o.operationId)).toEqual(["listUsers"]);
    expect(errorText(await call(client, "get_api", { api: "usermgr", operations: 201 }))).toMatch(/operations/);
    // an API without a contract says so
    expect(ok<{ contract: unknown }>(await call(client, "get_api", { api: "ordermgr", changes: 0 })).contract).toBeNull();
  });

  it("a read for an API without a contract, an unknown API, a malformed id or another URI is an error naming the problem", async () => {
    const client = await connect(mcp.tokens.viewer);
    const read = (uri: string) => client.readResource({ uri });
    await expect(read(`signpost://apis/${ids.ordermgr}/contract`)).rejects.toMatchObject({
      code: -32602,
      message: `MCP error -32602: not_found: the API ordermgr (${ids.ordermgr}) has no contract yet (PUT /api/v1/apis/{id}/spec stores one)`,
      data: { code: "not_found" },
    });
    const unknown = crypto.randomUUID();
    await expect(read(`signpost://apis/${unknown}/contract`)).rejects.toMatchObject({ code: -32602, message: `MCP error -32602: not_found: no API with id ${unknown}` });
    await expect(read("signpost://apis/usermgr/contract")).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/bad_request: signpost:\/\/apis\/usermgr\/contract: "usermgr" is not an API id/) });
    await expect(read("signpost://apis/x/other")).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Resource signpost:\/\/apis\/x\/other not found/) });
    await expect(client.listResources({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/bad_request: cursor: not a cursor returned by this list/) });
    // the session goes on
    expect((await read(`signpost://apis/${ids.usermgr}/contract`)).contents).toHaveLength(1);
  });
});

describe("@modelcontextprotocol/inspector-cli", () => {
  it("lists the contract template and resources and reads usermgr's contract", { timeout: 120_000 }, async () => {
    const id = (await mcp.server.request("/api/v1/resolve/usermgr")).json<{ id: string }>().id;
    const spec = await mcp.server.request(`/api/v1/apis/${id}/spec`);
    expect(spec.status, "the contract resources tests above stored usermgr's contract").toBe(200);
    const run = async (...args: string[]) => {
      const r = await inspector("--method", ...args);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, { uri?: string; uriTemplate?: string; text?: string; mimeType?: string }[]>;
    };
    expect((await run("resources/templates/list")).resourceTemplates.map((t) => t.uriTemplate)).toEqual(["signpost://apis/{id}/contract"]);
    const uri = `signpost://apis/${id}/contract`;
    expect((await run("resources/list")).resources.map((r) => r.uri)).toContain(uri);
    const read = await run("resources/read", "--uri", uri);
    expect(read.contents).toEqual([expect.objectContaining({ uri, mimeType: spec.headers["content-type"], text: spec.text })]);
  });
});
