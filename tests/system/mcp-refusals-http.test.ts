// The HTTP layer of /mcp refuses as REST does, against a real `signpost start`: an oversized
// body (413), failed credentials (401, then 429 per address), a browser page of another origin
// (403), a body that is not JSON (415), a browser session without its CSRF token (403); answers
// are labelled by route in the metrics. (Request budgets: rate-limit-http.test.ts.)
import { describe, expect, it } from "vitest";
import { sessionCookieOf } from "../helpers/signpost-http-server";
import { mcpSuite } from "../helpers/mcp-http";

const mcp = mcpSuite();
const { rawPost } = mcp;

describe("the HTTP layer refuses as REST does", () => {
  const list = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });

  it("an oversized request: 413", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search_apis", arguments: { query: "x".repeat(1_100_000) } } });
    const r = await rawPost(big, { authorization: `Bearer ${mcp.tokens.viewer}` });
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
    expect((await rawPost(list, { authorization: `Bearer ${mcp.tokens.viewer}` }, from)).status).toBe(200);
  });

  it("a browser page of another origin: 403; a request without a JSON body: 415", async () => {
    const cross = await rawPost(list, { authorization: `Bearer ${mcp.tokens.viewer}`, origin: "http://evil.example" });
    expect(cross.status).toBe(403);
    expect(cross.json()).toMatchObject({ error: { data: { code: "forbidden" } } });
    const site = await rawPost(list, { authorization: `Bearer ${mcp.tokens.viewer}`, "sec-fetch-site": "cross-site" });
    expect(site.status).toBe(403);
    const text = await mcp.server.request("/mcp", { method: "POST", headers: { authorization: `Bearer ${mcp.tokens.viewer}`, "content-type": "text/plain", accept: "application/json, text/event-stream" } });
    expect(text.status).toBe(415);
  });

  it("a browser session must send its CSRF token (every MCP request is a POST)", async () => {
    const signIn = await mcp.server.request("/api/v1/session", { method: "POST", body: { token: mcp.tokens.editor } });
    const cookie = sessionCookieOf(signIn);
    const without = await rawPost(list, { cookie });
    expect(without.status).toBe(403);
    expect(without.json()).toMatchObject({ error: { data: { code: "forbidden" } } });
    expect(without.text).toMatch(/X-CSRF-Token/);
    const withToken = await rawPost(list, { cookie, "x-csrf-token": signIn.json<{ csrfToken: string }>().csrfToken });
    expect(withToken.status).toBe(200);
  });

  it("answers are labelled by route in the metrics", async () => {
    const metrics = (await mcp.server.request("/metrics")).text;
    expect(metrics).toMatch(/signpost_http_requests_total\{method="POST",route="\/mcp",status="200"\} \d+/);
    expect(metrics).toMatch(/signpost_http_requests_total\{method="POST",route="\/mcp",status="413"\} 1/);
  });
});
