// Scorecards and caller requirements over HTTP against a running `signpost start`: the seeded
// UserMgr fails its authentication check until a key-auth plugin is added to its route on the
// sandbox gateway (Admin API); then REST shows the check passing and the key's header, with
// exactly one api.check_changed event, and MCP's get_api (the SDK's Client over Streamable HTTP)
// answers the same scorecard. The scorecard configuration comes from SIGNPOST_CONFIG.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { SERVER_ADMIN_TOKEN, startSignpostServer, type SignpostServer } from "../helpers/signpost-server";
import { waitFor } from "../helpers/wait-for";

type Check = { id: string; status: string; reason: string; fix: string | null; required: boolean };
type Detail = { id: string; scorecard: { level: string; failing: string[]; checks: Check[] } | null; requirements: { authentication: { type: string; keyNames?: string[]; in?: string[] }[] } | null; exposures: { mode: string; details: Record<string, unknown> }[] };

let server: SignpostServer;
let configDir: string;
let mcp: Client | undefined;

/** get_api through MCP: the REST document of the API (fails the test on a tool error). */
async function mcpGetApi(id: string): Promise<Detail> {
  if (!mcp) {
    mcp = new Client({ name: "signpost-scorecards-test", version: "1.0.0" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` } } }));
  }
  const r = (await mcp.callTool({ name: "get_api", arguments: { api: id, changes: 0 } })) as CallToolResult;
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  return (r.structuredContent as { api: Detail }).api;
}

beforeAll(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-scorecard-config-"));
  const file = path.join(configDir, "signpost.yaml");
  fs.writeFileSync(file, "scorecards:\n  checks:\n    - {id: oncall, title: On-call rota, annotation: a8r.io/oncall, fix: Annotate the Service with a8r.io/oncall}\n");
  // Webhook deliveries go to a closed local port (allowed here): only what is queued matters.
  server = await startSignpostServer({ env: { SIGNPOST_CONFIG: file, SIGNPOST_WEBHOOK_ALLOW: "127.0.0.1" } });
}, 150_000);
afterAll(async () => {
  await mcp?.close().catch(() => {});
  await server?.dispose();
  fs.rmSync(configDir, { recursive: true, force: true });
});

const get = async <T>(p: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}${p}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
};
const check = (d: Detail, id: string) => d.scorecard?.checks.find((c) => c.id === id);

describe("scorecards over HTTP", () => {
  let id: string;

  it("lists UserMgr as failing auth, with the configured extra check in its scorecard", async () => {
    const list = await waitFor(
      () => get<{ data: { id: string; name: string; scorecard: { failing: string[] } | null }[] }>("/api/v1/apis?q=usermgr&failing=auth"),
      (r) => r.body.data.length === 1 && r.body.data[0].scorecard !== null,
      { what: "usermgr scored", timeoutMs: 30_000 },
    );
    id = list.body.data[0].id;
    expect(list.body.data[0].scorecard!.failing).toEqual(expect.arrayContaining(["auth", "rate_limit", "oncall"]));
    const one = await get<Detail>(`/api/v1/apis/${id}`);
    expect(check(one.body, "auth")).toMatchObject({ status: "fail", required: true, fix: expect.stringContaining("key-auth") });
    expect(check(one.body, "oncall")).toEqual({ id: "oncall", title: "On-call rota", status: "fail", required: false, reason: "The annotation a8r.io/oncall is missing.", fix: "Annotate the Service with a8r.io/oncall" });
    expect(one.body.requirements!.authentication).toEqual([]);
    expect(check(await mcpGetApi(id), "auth")).toMatchObject({ status: "fail" });
  });

  it("a key-auth plugin on the seeded route flips auth to pass within seconds, with one event and one webhook delivery", async () => {
    const hook = await fetch(`${server.url}/api/v1/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ url: "http://127.0.0.1:9/hook", events: ["api.check_changed"], secret: "0123456789abcdef-scorecards" }),
    });
    expect(hook.status).toBe(201);
    const hookId = ((await hook.json()) as { id: string }).id;
    const routeId = (await get<Detail>(`/api/v1/apis/${id}`)).body.exposures.find((e) => e.mode === "Gateway")!.details.routeId as string;
    const added = await fetch(`${server.adminUrl}/routes/${routeId}/plugins`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "key-auth", config: { key_names: ["X-Shop-Key"], key_in_query: false } }),
    });
    expect(added.status).toBe(201);
    const flipped = await waitFor(() => get<Detail>(`/api/v1/apis/${id}`), (r) => check(r.body, "auth")?.status === "pass", { what: "auth to pass", timeoutMs: 30_000 });
    expect(flipped.body.requirements!.authentication).toEqual([expect.objectContaining({ type: "key-auth", keyNames: ["X-Shop-Key"], in: ["header"] })]);
    expect(check(flipped.body, "auth")!.reason).toContain("requires key-auth");
    // MCP's get_api answers the same document: the check passing, the key's header
    const viaMcp = await mcpGetApi(id);
    expect(check(viaMcp, "auth")).toEqual(check(flipped.body, "auth"));
    expect(viaMcp.requirements).toEqual(flipped.body.requirements);

    const events = () => get<{ data: { type: string; diff: unknown }[] }>(`/api/v1/events?type=api.check_changed&api=${id}`);
    expect((await events()).body.data).toEqual([
      expect.objectContaining({ type: "api.check_changed", diff: { before: { checks: { auth: "fail" }, level: expect.any(String) }, after: { checks: { auth: "pass" }, level: expect.any(String) } } }),
    ]);
    // The gateway is polled again and again; an unchanged gateway adds no event.
    const gatewayPoll = async () => {
      const sources = (await get<{ data: { kind: string; lastFullSyncAt: string | null }[] }>("/api/v1/sources")).body.data;
      return Date.parse(sources.find((s) => s.kind === "gateway")?.lastFullSyncAt ?? "0");
    };
    const since = Date.now();
    await waitFor(gatewayPoll, (t) => t > since + 1000, { what: "later gateway polls", timeoutMs: 60_000 });
    expect((await events()).body.data).toHaveLength(1);
    const deliveries = await waitFor(
      () => get<{ data: { eventType: string }[] }>(`/api/v1/webhooks/${hookId}/deliveries`, { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` }),
      (r) => r.body.data.length > 0,
      { what: "the webhook delivery", timeoutMs: 30_000 },
    );
    expect(deliveries.body.data.map((d) => d.eventType)).toEqual(["api.check_changed"]);
  });

  it("summarises per team, and documents the operations", async () => {
    const teams = await get<{ data: { team: string | null; apis: number; failing: Record<string, number> }[] }>("/api/v1/scorecards?team=identity");
    expect(teams.status).toBe(200);
    expect(teams.body.data).toEqual([expect.objectContaining({ team: "identity", apis: 1, failing: expect.objectContaining({ rate_limit: 1 }) })]);
    expect(teams.body.data[0].failing.auth).toBeUndefined();
    const doc = (await get<{ paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>("/api/v1/openapi.json")).body;
    expect(doc.paths["/api/v1/scorecards"]).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["ApiDetail", "Scorecard", "Requirements", "TeamScorecard"]));
  });

  it("refuses what it must: a wrong token, another method, a bad filter", async () => {
    const wrong = await get<{ error: { code: string } }>("/api/v1/scorecards", { authorization: "Bearer sp_tok_not-a-real-token" });
    expect(wrong.status).toBe(401);
    const post = await fetch(`${server.url}/api/v1/scorecards`, { method: "POST", headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` } });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(((await post.json()) as { error: { code: string } }).error.code).toBeDefined();
    const bad = await get<{ error: { message: string } }>(`/api/v1/apis?failing=${"x".repeat(41)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("failing");
  });
});
