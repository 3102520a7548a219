// The MCP endpoint over HTTP against a real `signpost start`, driven by real MCP clients: the
// SDK's own Client with its Streamable HTTP transport, and @modelcontextprotocol/inspector-cli.
// They list the tools, search for usermgr, get it and resolve it (the same answers as REST);
// a viewer cannot register (a tool error), an editor can, and the registration shows in the
// catalog and the audit log as made through MCP. Refusals: unknown tool, unknown argument,
// unknown API, a gateway that is down, an oversized body (413), failed credentials (429) and a
// browser page of another origin (403). A second gateway, "down", points at a closed port.
// Contracts: each API's OpenAPI document is a resource (signpost://apis/{id}/contract) whose read
// returns exactly the bytes REST stored and serves, and get_api summarises its operations.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { sessionCookieOf, startSignpostServer, SERVER_ADMIN_TOKEN, type SignpostServer } from "../helpers/signpost-http-server";
import { freePort } from "../../lib/runtime/check-port";
import { waitFor } from "../helpers/wait-for";

const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
const INSPECTOR = path.resolve(import.meta.dirname, "../../node_modules/@modelcontextprotocol/inspector-cli/build/cli.js");
const TOOLS = ["search_apis", "get_api", "resolve_api", "list_changes", "list_sources", "register_api", "deregister_api"];

let server: SignpostServer;
let configDir: string;
const tokens: Record<"viewer" | "editor", string> = { viewer: "", editor: "" };
const clients: Client[] = [];

async function connect(token?: string): Promise<Client> {
  const client = new Client({ name: "signpost-mcp-test", version: "1.0.0" });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The structured answer of a successful call (fails the test with the tool error otherwise). */
function ok<T = Record<string, unknown>>(r: CallToolResult): T {
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  // The text content is the same value, for clients that show only text.
  expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(r.structuredContent);
  return r.structuredContent as T;
}

function errorText(r: CallToolResult): string {
  expect(r.isError).toBe(true);
  return (r.content[0] as { text: string }).text;
}

async function audit(q: string): Promise<{ actor: string; action: string; target: string; after: Record<string, unknown> }[]> {
  const a = await server.request(`/api/v1/audit?${q}&limit=100`, { headers: admin });
  expect(a.status, a.text).toBe(200);
  return a.json<{ data: never[] }>().data;
}

/** A raw JSON-RPC POST to /mcp as an MCP client sends it. */
function rawPost(body: string, headers: Record<string, string> = {}, from?: string) {
  return server.request("/mcp", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.parse(body),
    from,
  });
}

beforeAll(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-mcp-"));
  const closed = await freePort(); // nothing listens there: the gateway is down
  fs.writeFileSync(path.join(configDir, "config.yaml"), `gateways:\n  - {name: down, adminUrl: "http://127.0.0.1:${closed}", proxyUrl: "http://down.example"}\n`);
  server = await startSignpostServer({ SIGNPOST_CONFIG: path.join(configDir, "config.yaml"), SIGNPOST_SANDBOX: "on" });
  for (const role of ["viewer", "editor"] as const) {
    const created = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: `mcp-${role}`, role } });
    expect(created.status, created.text).toBe(201);
    tokens[role] = created.json<{ token: string }>().token;
  }
}, 150_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await server?.dispose();
  if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
});

describe("the SDK's Client over Streamable HTTP", () => {
  it("lists the tools, each with a description and a strict JSON schema of its arguments", async () => {
    const client = await connect(tokens.viewer);
    expect(client.getServerVersion()?.name).toBe("signpost");
    expect(client.getInstructions()).toMatch(/search_apis/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS);
    for (const t of tools) {
      expect(t.description!.length, t.name).toBeGreaterThan(100);
      expect(t.inputSchema).toMatchObject({ type: "object", additionalProperties: false });
    }
    const search = tools.find((t) => t.name === "search_apis")!;
    expect(Object.keys(search.inputSchema.properties!)).toEqual(["query", "team", "microservice", "cluster", "namespace", "exposureMode", "gateway", "failing", "level", "includeGone", "limit", "cursor"]);
    expect(tools.find((t) => t.name === "register_api")!.annotations).toMatchObject({ readOnlyHint: false });
    expect(tools.find((t) => t.name === "deregister_api")!.annotations).toMatchObject({ destructiveHint: true });
  });

  it("searches for usermgr, gets it and resolves it: the answers REST gives", async () => {
    const client = await connect(tokens.viewer);
    const rest = (await server.request("/api/v1/resolve/usermgr")).json<{ id: string; proxyUrl: string; etag: string }>();

    const found = ok<{ apis: { id: string; name: string; proxyUrl: string; exposureMode: string; team: string; pageUrl: string }[]; nextCursor: string | null }>(
      await call(client, "search_apis", { query: "usermgr" }),
    );
    const hit = found.apis.find((a) => a.name === "usermgr")!;
    expect(hit).toMatchObject({ id: rest.id, proxyUrl: rest.proxyUrl, exposureMode: "Gateway", team: "identity", pageUrl: `${server.url}/apis/${rest.id}` });
    // each item is REST's list item without exposures, labels and annotations
    const restItem = (await server.request("/api/v1/apis?q=usermgr")).json<{ data: Record<string, unknown>[] }>().data.find((a) => a.name === "usermgr")!;
    const { exposures: _e, labels: _l, annotations: _a, ...slim } = restItem;
    expect(hit).toEqual({ ...slim, pageUrl: hit.pageUrl });
    const page = await server.request(new URL(hit.pageUrl).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain("usermgr");

    // facets narrow the same way the REST list does
    const byFacets = ok<{ apis: { name: string }[] }>(await call(client, "search_apis", { team: "identity", exposureMode: ["Gateway"], namespace: "shop", microservice: "usermgr" }));
    expect(byFacets.apis.map((a) => a.name)).toEqual(["usermgr"]);
    expect(ok<{ apis: unknown[] }>(await call(client, "search_apis", { team: "nobody" })).apis).toEqual([]);
    // the scorecard filters, as REST's failing and level
    const restFailing = (await server.request("/api/v1/apis?failing=https&level=none,bronze,silver,gold")).json<{ data: { name: string }[] }>().data.map((a) => a.name);
    expect(restFailing).toContain("usermgr");
    const mcpFailing = ok<{ apis: { name: string; scorecard: { failing: string[] } }[] }>(await call(client, "search_apis", { failing: "https", level: "none,bronze,silver,gold" }));
    expect(mcpFailing.apis.map((a) => a.name)).toEqual(restFailing);
    expect(mcpFailing.apis.every((a) => a.scorecard.failing.includes("https"))).toBe(true);
    expect(ok<{ apis: unknown[] }>(await call(client, "search_apis", { failing: "https", level: "no-such-level" })).apis).toEqual([]);
    // bounded pages with a cursor
    const first = ok<{ apis: { name: string }[]; nextCursor: string }>(await call(client, "search_apis", { namespace: "shop", limit: 1 }));
    expect(first.apis).toHaveLength(1);
    const second = ok<{ apis: { name: string }[] }>(await call(client, "search_apis", { namespace: "shop", limit: 1, cursor: first.nextCursor }));
    expect(second.apis[0].name).not.toBe(first.apis[0].name);

    for (const ref of ["usermgr", rest.id]) {
      const got = ok<{ api: Record<string, unknown> & { key: string; exposures: unknown[] }; chains: { steps: { kind: string }[] }[]; recentChanges: { type: string; api: { id: string } }[]; pageUrl: string }>(
        await call(client, "get_api", { api: ref }),
      );
      const restApi = (await server.request(`/api/v1/apis/${rest.id}`)).json<Record<string, unknown>>();
      expect(got.api).toEqual(restApi);
      // REST's document: what a caller must do at the proxy URL, and the scorecard with its checks
      expect(got.api).toMatchObject({ requirements: expect.objectContaining({ gateway: "sandbox" }), scorecard: expect.objectContaining({ level: expect.any(String), checks: expect.arrayContaining([expect.objectContaining({ id: "auth" })]) }) });
      expect(got.pageUrl).toBe(hit.pageUrl);
      // gateway route -> Ingress -> Service -> pods, as the API page draws it
      expect(got.chains[0].steps.map((s) => s.kind)).toEqual(["route", "ingress", "service", "pods"]);
      expect(got.recentChanges.length).toBeGreaterThan(0);
      expect(got.recentChanges.every((e) => e.api.id === rest.id)).toBe(true);
    }
    const byKey = ok<{ api: { id: string; key: string } }>(await call(client, "get_api", { api: "k8s:sandbox/shop/usermgr", changes: 0 }));
    expect(byKey.api.id).toBe(rest.id);

    const resolved = ok<Record<string, unknown>>(await call(client, "resolve_api", { name: "usermgr" }));
    const restResolved = (await server.request("/api/v1/resolve/usermgr")).json<Record<string, unknown>>();
    expect(resolved).toEqual({ ...restResolved, pageUrl: hit.pageUrl });
  });

  it("lists recent changes from a time and from a cursor, and the sources with their freshness", async () => {
    const client = await connect(tokens.viewer);
    const since = ok<{ events: { id: string; type: string; api: { name: string } }[]; nextCursor: string | null; lastEventId: string }>(
      await call(client, "list_changes", { since: new Date(Date.now() - 3600_000).toISOString(), api: "usermgr" }),
    );
    expect(since.events.length).toBeGreaterThan(0);
    expect(since.events.every((e) => e.api.name === "usermgr")).toBe(true);
    const paged = ok<{ events: { id: string }[]; nextCursor: string }>(await call(client, "list_changes", { since: "2000-01-01T00:00:00Z", limit: 1 }));
    expect(paged.events).toHaveLength(1);
    const next = ok<{ events: { id: string }[] }>(await call(client, "list_changes", { after: paged.nextCursor, limit: 1 }));
    expect(BigInt(next.events[0].id)).toBeGreaterThan(BigInt(paged.events[0].id));
    expect(errorText(await call(client, "list_changes", { after: "1", since: "2000-01-01T00:00:00Z" }))).toBe("bad_request: pass either after (a cursor) or since (a time), not both");

    const sources = ok<{ sources: { kind: string; name: string; state: string; endpoint: string | null; lastFullSyncAt: string | null }[] }>(await call(client, "list_sources"));
    expect(sources.sources.find((s) => s.kind === "cluster" && s.name === "sandbox")).toMatchObject({ state: "live", endpoint: null });
    expect(sources.sources.find((s) => s.kind === "gateway" && s.name === "sandbox")!.lastFullSyncAt).not.toBeNull();
    // the same view REST gives a viewer (endpoints redacted); an editor sees them
    const rest = (await server.request("/api/v1/sources", { headers: { authorization: `Bearer ${tokens.viewer}` } })).json<{ data: { name: string; state: string }[] }>();
    expect(sources.sources.map((s) => [s.name, s.state]).sort()).toEqual(rest.data.map((s) => [s.name, s.state]).sort());
    const asEditor = ok<{ sources: { kind: string; name: string; endpoint: string | null }[] }>(await call(await connect(tokens.editor), "list_sources"));
    expect(asEditor.sources.find((s) => s.kind === "cluster" && s.name === "sandbox")!.endpoint).toMatch(/^http/);
  });

  it("answers unknown tools, unknown arguments and unknown APIs with tool errors naming them, and the session goes on", async () => {
    const client = await connect(tokens.viewer);
    expect(errorText(await call(client, "drop_tables"))).toMatch(/Tool drop_tables not found/);
    const unknownArg = errorText(await call(client, "search_apis", { query: "usermgr", bogus: 1 }));
    expect(unknownArg).toMatch(/Input validation error/);
    expect(unknownArg).toMatch(/bogus/);
    expect(errorText(await call(client, "search_apis", { limit: 1000 }))).toMatch(/limit/);
    expect(errorText(await call(client, "get_api", { api: "no-such-api" }))).toBe('not_found: no API named "no-such-api"');
    expect(errorText(await call(client, "resolve_api", { name: "no-such-api" }))).toBe('not_found: no API named "no-such-api"');
    expect(errorText(await call(client, "search_apis", { cursor: "not-a-cursor" }))).toBe("bad_request: invalid query: query.cursor: not a cursor returned by this API");
    // still usable
    expect(ok<{ apis: unknown[] }>(await call(client, "search_apis", { query: "ordermgr" })).apis).toHaveLength(1);
    const entries = await audit("action=mcp.tool_call&actor=token:mcp-viewer");
    expect(entries.find((e) => e.target === "tool:drop_tables")?.after).toMatchObject({ via: "mcp", ok: false });
    expect(entries.find((e) => e.target === "tool:get_api" && (e.after.arguments as { api: string }).api === "no-such-api")?.after).toMatchObject({ ok: false, error: 'not_found: no API named "no-such-api"' });
  });
});

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
    const r = await fetch(`${server.url}/api/v1/apis/${id}/spec`, { method: "PUT", headers: { ...admin, "content-type": type }, body });
    return { status: r.status, body: (await r.json()) as { version: number; hash: string } };
  }

  async function getSpec(id: string): Promise<{ status: number; type: string | null; version: string | null; bytes: Buffer }> {
    const r = await fetch(`${server.url}/api/v1/apis/${id}/spec`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
    return { status: r.status, type: r.headers.get("content-type"), version: r.headers.get("x-contract-version"), bytes: Buffer.from(await r.arrayBuffer()) };
  }

  beforeAll(async () => {
    for (const name of ["usermgr", "ordermgr"] as const) ids[name] = (await server.request(`/api/v1/resolve/${name}`)).json<{ id: string }>().id;
  });

  it("advertises resources and the contract template; lists the APIs with a contract; a read returns exactly the stored bytes", async () => {
    const client = await connect(tokens.viewer);
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
    const client = await connect(tokens.viewer);
    const rest = await getSpec(ids.usermgr);
    const hash = crypto.createHash("sha256").update(rest.bytes).digest("hex");
    type Summary = { url: string; resource: string; version: number; hash: string; mimeType: string; openapi: string; title: string; operationCount: number; operations: Record<string, unknown>[] };
    const got = ok<{ contract: Summary }>(await call(client, "get_api", { api: "usermgr", changes: 0 }));
    expect(got.contract).toMatchObject({
      url: `${server.url}/api/v1/apis/${ids.usermgr}/spec`,
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
    expect((await server.request(new URL(got.contract.url).pathname, { headers: { authorization: `Bearer ${tokens.viewer}` } })).text).toBe(yaml);
    const bounded = ok<{ contract: Summary }>(await call(client, "get_api", { api: "usermgr", changes: 0, operations: 1 }));
    expect(bounded.contract.operationCount).toBe(3);
    expect(bounded.contract.operations.map((o) => o.operationId)).toEqual(["listUsers"]);
    expect(errorText(await call(client, "get_api", { api: "usermgr", operations: 201 }))).toMatch(/operations/);
    // an API without a contract says so
    expect(ok<{ contract: unknown }>(await call(client, "get_api", { api: "ordermgr", changes: 0 })).contract).toBeNull();
  });

  it("a read for an API without a contract, an unknown API, a malformed id or another URI is an error naming the problem", async () => {
    const client = await connect(tokens.viewer);
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

describe("registration through MCP", () => {
  const registration = { name: "mcp-demo", team: "shop", gateway: "sandbox", upstream: { url: "http://mcp-demo.internal:8080" }, route: { paths: ["/mcp-demo"] } };

  it("is refused to a viewer and to anonymous callers with a tool error, and audited", async () => {
    const viewer = await connect(tokens.viewer);
    for (const tool of ["register_api", "deregister_api"]) {
      const args = tool === "register_api" ? { registration } : { api: "usermgr" };
      expect(errorText(await call(viewer, tool, args))).toBe(`forbidden: ${tool} needs the editor or admin role; token:mcp-viewer is a viewer`);
      expect(errorText(await call(viewer, tool, { ...args, dryRun: true }))).toMatch(/^forbidden: /);
    }
    const anonymous = await connect();
    expect(errorText(await call(anonymous, "register_api", { registration }))).toMatch(/^unauthorized: register_api needs a bearer token/);
    expect((await server.request("/api/v1/resolve/mcp-demo")).status).toBe(404);
    const refused = (await audit("action=mcp.tool_call&actor=token:mcp-viewer")).filter((e) => e.target === "tool:register_api");
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused[0].after).toMatchObject({ via: "mcp", tool: "register_api", ok: false, arguments: { registration: { name: "mcp-demo" } } });
    expect((await audit("action=mcp.tool_call&actor=anonymous")).some((e) => e.target === "tool:register_api")).toBe(true);
  });

  it("dry runs return the plan (and the manifest through the gateway's cluster) and change nothing", async () => {
    const editor = await connect(tokens.editor);
    const plan = ok<{ dryRun: boolean; valid: boolean; proxyUrls: string[]; registerVia: { via: string }; manifest: { yaml: string } | null }>(
      await call(editor, "register_api", { registration: { ...registration, upstream: { service: { cluster: "sandbox", namespace: "shop", name: "ordermgr", port: 80 } }, team: "commerce" }, dryRun: true }),
    );
    expect(plan).toMatchObject({ dryRun: true, valid: true, proxyUrls: ["http://localhost:8000/mcp-demo"], registerVia: { via: "admin-api" } });
    expect(plan.manifest!.yaml).toMatch(/kind: Ingress/);
    expect(plan.manifest!.yaml).toMatch(/name: mcp-demo/);
    const taken = ok<{ valid: boolean; conflicts: { kind: string; message: string }[] }>(
      await call(editor, "register_api", { registration: { ...registration, route: { paths: ["/users"] }, upstream: { url: "http://x.internal" } }, dryRun: true }),
    );
    expect(taken.valid).toBe(false);
    expect(taken.conflicts[0]).toMatchObject({ kind: "route" });
    expect((await server.request("/api/v1/resolve/mcp-demo")).status).toBe(404);
  });

  it("an editor registers: in the catalog and in the audit log as made through MCP; then deregisters", async () => {
    const editor = await connect(tokens.editor);
    const done = ok<{ created: boolean; api: { id: string; name: string; proxyUrl: string; registeredBy: string }; pageUrl: string }>(await call(editor, "register_api", { registration }));
    expect(done).toMatchObject({ created: true, api: { name: "mcp-demo", proxyUrl: "http://localhost:8000/mcp-demo", registeredBy: "token:mcp-editor" } });

    const listed = (await server.request("/api/v1/apis?q=mcp-demo")).json<{ data: { id: string; registeredBy: string; managedBy: string }[] }>().data;
    expect(listed).toEqual([expect.objectContaining({ id: done.api.id, registeredBy: "token:mcp-editor", managedBy: "signpost" })]);
    const regs = (await server.request("/api/v1/registrations?origin=mcp")).json<{ data: { name: string; origin: string; registeredBy: string }[] }>().data;
    expect(regs).toEqual([expect.objectContaining({ name: "mcp-demo", origin: "mcp", registeredBy: "token:mcp-editor" })]);
    const registered = (await audit("action=api.register&actor=token:mcp-editor")).filter((e) => e.target === "api:mcp-demo@sandbox");
    expect(registered).toHaveLength(1);
    expect(registered[0].after).toMatchObject({ origin: "mcp", name: "mcp-demo" });
    const calls = (await audit("action=mcp.tool_call&actor=token:mcp-editor")).filter((e) => e.target === "tool:register_api" && e.after.ok === true);
    expect(calls.map((e) => (e.after.arguments as { dryRun?: boolean }).dryRun ?? false)).toContain(false);
    // the gateway routes it
    const get = ok<{ api: { exposures: { mode: string }[] }; registrations: { origin: string }[] }>(await call(editor, "get_api", { api: "mcp-demo" }));
    expect(get.registrations).toEqual([expect.objectContaining({ origin: "mcp" })]);
    expect(get.api.exposures.map((e) => e.mode)).toContain("Gateway");

    const plan = ok<{ allowed: boolean; removes: { gateway: string; origin: string }[] }>(await call(editor, "deregister_api", { api: "mcp-demo", dryRun: true }));
    expect(plan).toMatchObject({ allowed: true, removes: [{ gateway: "sandbox", origin: "mcp" }] });
    expect((await server.request("/api/v1/resolve/mcp-demo")).status).toBe(200);
    expect(errorText(await call(editor, "deregister_api", { api: "usermgr" }))).toMatch(/^conflict: API usermgr was not registered by Signpost/);
    expect(ok(await call(editor, "deregister_api", { api: "mcp-demo" }))).toMatchObject({ deregistered: { name: "mcp-demo" }, gateways: ["sandbox"] });
    // resolve answers come from a cache the change feed invalidates (within its poll): await it
    await waitFor(async () => (await server.request("/api/v1/resolve/mcp-demo")).status, (st) => st === 404, { timeoutMs: 30_000, what: "mcp-demo resolving to 404 after deregistration" });
    expect((await audit("action=api.deregister&actor=token:mcp-editor")).map((e) => e.target)).toContain("api:mcp-demo@sandbox");
  });

  it("a team-scoped editor registers its teams' APIs only (refusal audited as REST audits it)", async () => {
    const created = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: "mcp-shop", role: "editor", teams: ["shop"] } });
    expect(created.status, created.text).toBe(201);
    const shop = await connect(created.json<{ token: string }>().token);
    const other = { ...registration, name: "mcp-pay", team: "payments", route: { paths: ["/mcp-pay"] } };
    expect(errorText(await call(shop, "register_api", { registration: other }))).toBe("forbidden: token:mcp-shop may register APIs of team shop only, not of team payments");
    const plan = ok<{ valid: boolean; issues: { message: string }[] }>(await call(shop, "register_api", { registration: other, dryRun: true }));
    expect(plan.valid).toBe(false);
    expect(plan.issues.map((i) => i.message)).toContain("token:mcp-shop may register APIs of team shop only, not of team payments");
    expect((await audit("action=api.register.refused&actor=token:mcp-shop")).map((e) => e.target)).toEqual(["api:mcp-pay@sandbox"]);
    // usermgr belongs to team identity
    expect(errorText(await call(shop, "deregister_api", { api: "usermgr" }))).toMatch(/^forbidden: token:mcp-shop may deregister APIs of team shop only/);
    expect((await server.request("/api/v1/resolve/mcp-pay")).status).toBe(404);
  });

  it("a gateway that is down is a tool error naming it", async () => {
    const editor = await connect(tokens.editor);
    const text = errorText(await call(editor, "register_api", { registration: { ...registration, name: "mcp-down", gateway: "down", route: { paths: ["/mcp-down"] } } }));
    expect(text).toMatch(/^upstream_unavailable: /);
    expect(text).toMatch(/"down"/);
  });
});

describe("the HTTP layer refuses as REST does", () => {
  const list = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });

  it("an oversized request: 413", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search_apis", arguments: { query: "x".repeat(1_100_000) } } });
    const r = await rawPost(big, { authorization: `Bearer ${tokens.viewer}` });
    expect(r.status).toBe(413);
    expect(r.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { message: "the body is larger than 1000000 bytes", data: { code: "payload_too_large" } } });
  });

  it("failed credentials: 401, then 429 with Retry-After past the limit, per address; a valid token still works from there", async () => {
    const from = "127.0.0.9";
    const bad = { authorization: "Bearer sp_tok_wrong" };
    const first = await rawPost(list, bad, from);
    expect(first.status).toBe(401);
    expect(first.headers["www-authenticate"]).toBe('Bearer realm="signpost"');
    for (let i = 0; i < 9; i++) expect((await rawPost(list, bad, from)).status).toBe(401);
    const limited = await rawPost(list, bad, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { data: { code: "rate_limited" } } });
    expect((await rawPost(list, { authorization: `Bearer ${tokens.viewer}` }, from)).status).toBe(200);
  });

  it("a browser page of another origin: 403; a request without a JSON body: 415", async () => {
    const cross = await rawPost(list, { authorization: `Bearer ${tokens.viewer}`, origin: "http://evil.example" });
    expect(cross.status).toBe(403);
    expect(cross.json()).toMatchObject({ error: { data: { code: "forbidden" } } });
    const site = await rawPost(list, { authorization: `Bearer ${tokens.viewer}`, "sec-fetch-site": "cross-site" });
    expect(site.status).toBe(403);
    const text = await server.request("/mcp", { method: "POST", headers: { authorization: `Bearer ${tokens.viewer}`, "content-type": "text/plain", accept: "application/json, text/event-stream" } });
    expect(text.status).toBe(415);
  });

  it("a browser session must send its CSRF token (every MCP request is a POST)", async () => {
    const signIn = await server.request("/api/v1/session", { method: "POST", body: { token: tokens.editor } });
    const cookie = sessionCookieOf(signIn);
    const without = await rawPost(list, { cookie });
    expect(without.status).toBe(403);
    expect(without.json()).toMatchObject({ error: { data: { code: "forbidden" } } });
    expect(without.text).toMatch(/X-CSRF-Token/);
    const withToken = await rawPost(list, { cookie, "x-csrf-token": signIn.json<{ csrfToken: string }>().csrfToken });
    expect(withToken.status).toBe(200);
  });

  it("answers are labelled by route in the metrics", async () => {
    const metrics = (await server.request("/metrics")).text;
    expect(metrics).toMatch(/signpost_http_requests_total\{method="POST",route="\/mcp",status="200"\} \d+/);
    expect(metrics).toMatch(/signpost_http_requests_total\{method="POST",route="\/mcp",status="413"\} 1/);
  });
});

describe("@modelcontextprotocol/inspector-cli", () => {
  function inspector(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [INSPECTOR, "--cli", `${server.url}/mcp`, "--transport", "http", "--header", `Authorization: Bearer ${tokens.viewer}`, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
        // inspector-cli 1.0.3 looks for its package.json at "../package.json" relative to the working
        // directory (and imports it relative to itself): run it from its build directory.
        cwd: path.dirname(INSPECTOR),
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  it("lists the tools, searches for usermgr, gets it and resolves it", { timeout: 120_000 }, async () => {
    const listed = await inspector("--method", "tools/list");
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual(TOOLS);

    const rest = (await server.request("/api/v1/resolve/usermgr")).json<{ id: string; proxyUrl: string }>();
    const result = async (...args: string[]) => {
      const r = await inspector("--method", "tools/call", ...args);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { isError?: boolean; structuredContent: Record<string, unknown> };
      expect(out.isError ?? false).toBe(false);
      return out.structuredContent;
    };
    const found = (await result("--tool-name", "search_apis", "--tool-arg", "query=usermgr")) as { apis: { id: string; proxyUrl: string }[] };
    expect(found.apis).toEqual([expect.objectContaining({ id: rest.id, proxyUrl: rest.proxyUrl })]);
    const got = (await result("--tool-name", "get_api", "--tool-arg", "api=usermgr")) as { api: { id: string } };
    expect(got.api.id).toBe(rest.id);
    const resolved = (await result("--tool-name", "resolve_api", "--tool-arg", "name=usermgr")) as { proxyUrl: string };
    expect(resolved.proxyUrl).toBe(rest.proxyUrl);
  });

  it("lists the contract template and resources and reads usermgr's contract", { timeout: 120_000 }, async () => {
    const id = (await server.request("/api/v1/resolve/usermgr")).json<{ id: string }>().id;
    const spec = await server.request(`/api/v1/apis/${id}/spec`);
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
