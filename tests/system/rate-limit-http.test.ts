// Per-caller request budgets over HTTP against a real `signpost start` with small limits
// (SIGNPOST_RATE_LIMIT_READ=200, _WRITE=10 a minute): past its budget a token is refused 429 with
// Retry-After and the one error body naming the setting, while another token, its own other
// budget and health routes still pass; anonymous readers are counted per client address (behind
// a trusted proxy: the client it names, never a client's own X-Forwarded-For); /mcp spends the
// same budgets (per JSON-RPC message, register/deregister as writes) and refuses at the HTTP
// level, which the SDK's client surfaces. Each test uses its own tokens or addresses, so each
// starts with fresh one-minute windows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { sessionCookieOf, startSignpostServer, SERVER_ADMIN_TOKEN, type HttpAnswer, type SignpostServer } from "../helpers/signpost-http-server";

const READS = 200;
/** a trusted proxy: the client it names in X-Forwarded-For is the one counted */
const PROXY = "127.0.0.40";
const WRITES = 10;
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
const preview = { name: "budget-demo", team: "shop", gateway: "sandbox", upstream: { url: "http://budget-demo.internal:8080" }, route: { paths: ["/budget-demo"] } };

let server: SignpostServer;
const clients: Client[] = [];

async function token(name: string, role: "viewer" | "editor"): Promise<Record<string, string>> {
  const created = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name, role } });
  expect(created.status, created.text).toBe(201);
  return { authorization: `Bearer ${created.json<{ token: string }>().token}` };
}

/** Sends `n` requests one after another; returns their statuses. */
async function times(n: number, send: () => Promise<HttpAnswer>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await send()).status);
  return statuses;
}

function expectRefused(a: HttpAnswer, setting: string, per: string, max: number): void {
  expect(a.status, a.text).toBe(429);
  const retryAfter = Number(a.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const kind = setting.endsWith("READ") ? "read" : "write";
  expect(a.json()).toEqual({
    error: {
      code: "rate_limited",
      message: `rate limit: at most ${max} ${kind}s a minute per ${per} (${setting}); retry in ${retryAfter} s`,
      details: { reason: `${kind}_limit`, limit: setting, max, retryAfter },
    },
  });
}

beforeAll(async () => {
  server = await startSignpostServer({ SIGNPOST_RATE_LIMIT_READ: String(READS), SIGNPOST_RATE_LIMIT_WRITE: String(WRITES), SIGNPOST_TRUSTED_PROXIES: PROXY });
}, 150_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await server?.dispose();
});

describe("REST", () => {
  it("refuses a token's reads past its budget (its browser session's too) while another token and its writes go on", async () => {
    const a = await token("budget-reader-a", "editor");
    const b = await token("budget-reader-b", "viewer");
    const read = (h: Record<string, string>) => server.request("/api/v1/apis?limit=1", { headers: h });
    expect(await times(READS, () => read(a))).toEqual(Array(READS).fill(200));
    expectRefused(await read(a), "SIGNPOST_RATE_LIMIT_READ", "token", READS);
    // any read route, HEAD included, spends the same budget
    expect((await server.request("/api/v1/sources", { headers: a })).status).toBe(429);
    expect((await server.request("/api/v1/apis?limit=1", { method: "HEAD", headers: a })).status).toBe(429);
    // another token has its own budget; the same token still writes; health and session routes are never refused
    expect((await read(b)).status).toBe(200);
    expect((await server.request("/api/v1/registrations/preview", { method: "POST", headers: a, body: preview })).status).toBe(200);
    expect((await server.request("/api/health", { headers: a })).status).toBe(200);
    // a browser session opened with the token spends the token's budget
    const signIn = await server.request("/api/v1/session", { method: "POST", body: { token: a.authorization.slice("Bearer ".length) } });
    expect(signIn.status, signIn.text).toBe(200);
    expectRefused(await server.request("/api/v1/apis?limit=1", { headers: { cookie: sessionCookieOf(signIn) } }), "SIGNPOST_RATE_LIMIT_READ", "token", READS);
  });

  it("refuses a token's writes past the write budget; its reads go on", async () => {
    const editor = await token("budget-writer", "editor");
    const write = () => server.request("/api/v1/registrations/preview", { method: "POST", headers: editor, body: preview });
    expect(await times(WRITES, write)).toEqual(Array(WRITES).fill(200));
    expectRefused(await write(), "SIGNPOST_RATE_LIMIT_WRITE", "token", WRITES);
    // every method but GET and HEAD writes, also when the write is then refused for its input
    expect((await server.request("/api/v1/apis/not-an-id", { method: "DELETE", headers: editor })).status).toBe(429);
    expect((await server.request("/api/v1/apis?limit=1", { headers: editor })).status).toBe(200);
  });

  it("counts anonymous reads per client address", async () => {
    const read = (from: string) => server.request("/api/v1/apis?limit=1", { from });
    expect(await times(READS, () => read("127.0.0.21"))).toEqual(Array(READS).fill(200));
    expectRefused(await read("127.0.0.21"), "SIGNPOST_RATE_LIMIT_READ", "client address", READS);
    expect((await read("127.0.0.22")).status).toBe(200);
    // a token sent from the refused address has its own budget
    expect((await server.request("/api/v1/apis?limit=1", { from: "127.0.0.21", headers: await token("budget-from-21", "viewer") })).status).toBe(200);
  });

  it("behind a trusted proxy counts the client it names; elsewhere X-Forwarded-For earns no new budget", async () => {
    const viaProxy = (client: string) => server.request("/api/v1/apis?limit=1", { from: PROXY, headers: { "x-forwarded-for": client } });
    expect(await times(READS, () => viaProxy("10.9.0.1"))).toEqual(Array(READS).fill(200));
    expectRefused(await viaProxy("10.9.0.1"), "SIGNPOST_RATE_LIMIT_READ", "client address", READS);
    expect((await viaProxy("10.9.0.2")).status).toBe(200);
    let n = 0;
    const spoofed = () => server.request("/api/v1/apis?limit=1", { from: "127.0.0.41", headers: { "x-forwarded-for": `10.8.0.${++n % 250}` } });
    expect(await times(READS, spoofed)).toEqual(Array(READS).fill(200));
    expectRefused(await spoofed(), "SIGNPOST_RATE_LIMIT_READ", "client address", READS);
  });
});

describe("MCP", () => {
  const list = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
  const mcpPost = (headers: Record<string, string>, body: unknown) =>
    server.request("/mcp", { method: "POST", headers: { accept: "application/json, text/event-stream", ...headers }, body });

  it("spends the REST budgets: refused with 429 at the HTTP level, which the SDK's client surfaces", async () => {
    const viewer = await token("budget-mcp", "viewer");
    const client = new Client({ name: "budget-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: viewer } }));
    clients.push(client);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    // initialize, notifications/initialized and tools/list were 3 reads; REST reads spend the rest
    let spent = 0;
    while ((await server.request("/api/v1/apis?limit=1", { headers: viewer })).status === 200) spent++;
    expect(spent).toBe(READS - 3);
    await expect(client.callTool({ name: "search_apis", arguments: { query: "usermgr" } })).rejects.toMatchObject({
      code: 429,
      message: expect.stringContaining("rate limit: at most 200 reads a minute per token (SIGNPOST_RATE_LIMIT_READ)"),
    });
    const raw = await mcpPost(viewer, list);
    expect(raw.status).toBe(429);
    expect(Number(raw.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(raw.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32000, data: { code: "rate_limited", details: { limit: "SIGNPOST_RATE_LIMIT_READ" } } } });
  });

  it("counts each message of a batch, and register_api and deregister_api calls (dry runs too) as writes", async () => {
    const editor = await token("budget-mcp-editor", "editor");
    const dryRun = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "register_api", arguments: { registration: preview, dryRun: true } } });
    const batch = Array.from({ length: WRITES }, (_, i) => dryRun(i + 1));
    const ran = await mcpPost(editor, batch);
    expect(ran.status, ran.text).toBe(200);
    expect(ran.json<{ id: number }[]>().map((m) => m.id)).toEqual(batch.map((m) => m.id));
    const refused = await mcpPost(editor, dryRun(99));
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({ error: { data: { details: { limit: "SIGNPOST_RATE_LIMIT_WRITE", max: WRITES } } } });
    // its reads are a separate budget
    expect((await mcpPost(editor, list)).status).toBe(200);
    expect((await server.request("/api/v1/registrations/preview", { method: "POST", headers: editor, body: preview })).status).toBe(429);
  });
});

it("counts refusals per limit in /metrics", async () => {
  const metrics = (await server.request("/metrics", { from: "127.0.0.30" })).text;
  const count = (limit: string) => Number(new RegExp(`signpost_rate_limited_total\\{limit="${limit}"\\} (\\d+)`).exec(metrics)?.[1]);
  // the refusals the tests above caused (they run in order in this file)
  expect(count("read")).toBeGreaterThanOrEqual(6);
  expect(count("write")).toBeGreaterThanOrEqual(3);
  expect(count("try")).toBe(0);
});
