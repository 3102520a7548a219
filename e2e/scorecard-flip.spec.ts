// The seeded UserMgr's auth check, flipped from the gateway: a key-auth plugin posted on its
// route through the sandbox gateway's Admin API turns the check to pass on the open API page (no
// reload), in REST and through MCP, with exactly one api.check_changed event that later polls do
// not repeat. The plugin is removed afterwards and the check awaited back to fail, so the other
// specs see the seeded catalog.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ApiPage } from "./pages/api-page";
import { ADMIN_TOKEN, apiByName } from "./fixtures/signpost";
import { sandboxGatewayAdminUrl } from "./fixtures/sandbox";

type Check = { id: string; status: string };
type Detail = { scorecard: { checks: Check[] } | null; exposures: { mode: string; details: { routeId?: string } }[] };
type CheckEvent = { id: string; type: string; api: { id: string; name: string }; diff: { before: { checks: Record<string, string> }; after: { checks: Record<string, string> } } };

const authOf = (d: Pick<Detail, "scorecard">) => d.scorecard?.checks.find((c) => c.id === "auth")?.status;

async function restAuth(request: APIRequestContext, id: string): Promise<string | undefined> {
  return authOf((await (await request.get(`/api/v1/apis/${id}`)).json()) as Detail);
}

/** The gateway source's last poll, as REST shows it. */
async function lastPoll(request: APIRequestContext): Promise<string | null> {
  const sources = ((await (await request.get("/api/v1/sources")).json()) as { data: { kind: string; name: string; lastFullSyncAt: string | null }[] }).data;
  return sources.find((s) => s.kind === "gateway" && s.name === "sandbox")?.lastFullSyncAt ?? null;
}

/** The api.check_changed events of `apiId` after event `after`. */
async function checkEvents(request: APIRequestContext, apiId: string, after: string): Promise<CheckEvent[]> {
  const res = await request.get(`/api/v1/events?after=${after}&api=${apiId}&type=api.check_changed&limit=1000`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { data: CheckEvent[] }).data;
}

test("a key-auth plugin on UserMgr's route flips its auth check on the page, in REST and through MCP, with one event", async ({ page, request, baseURL }) => {
  // The gateway is polled every 10 s (SIGNPOST_KONG_POLL_INTERVAL); the flip, two more polls and
  // the flip back take a few of them on a loaded machine.
  test.setTimeout(240_000);
  const usermgr = await apiByName(request, "usermgr");
  const detail = (await (await request.get(`/api/v1/apis/${usermgr.id}`)).json()) as Detail;
  expect(authOf(detail), "the seeded UserMgr has no authentication").toBe("fail");
  const routeId = detail.exposures.find((e) => e.mode === "Gateway")!.details.routeId!;
  const admin = await sandboxGatewayAdminUrl(request, ADMIN_TOKEN);
  const since = ((await (await request.get("/api/v1/events?limit=1")).json()) as { lastEventId: string | null }).lastEventId ?? "0";

  const api = new ApiPage(page);
  await api.goto(usermgr.id, "usermgr");
  const auth = page.locator('[data-check="auth"]');
  await expect(auth).toHaveAttribute("data-status", "fail");

  const mcp = new Client({ name: "signpost-e2e", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL("/mcp", baseURL)));
  let pluginId: string | null = null;
  try {
    const posted = await request.post(`${admin}/routes/${routeId}/plugins`, { data: { name: "key-auth", config: { key_names: ["X-User-Key"], key_in_query: false } } });
    expect(posted.status(), await posted.text()).toBe(201);
    pluginId = ((await posted.json()) as { id: string }).id;

    // The open page follows the change event by itself.
    await expect(auth).toHaveAttribute("data-status", "pass", { timeout: 90_000 });
    await expect(page.getByTestId("requirements")).toContainText('Send an API key as a header named "X-User-Key".');
    // REST and MCP give the same answer.
    expect(await restAuth(request, usermgr.id)).toBe("pass");
    const got = (await mcp.callTool({ name: "get_api", arguments: { api: "usermgr", changes: 0 } })) as CallToolResult;
    expect(got.isError ?? false, JSON.stringify(got.content)).toBe(false);
    expect(authOf((got.structuredContent as { api: Detail }).api)).toBe("pass");

    // One event; the gateway's next polls (its last poll time advancing twice) add none.
    const events = await checkEvents(request, usermgr.id, since);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "api.check_changed", api: { id: usermgr.id, name: "usermgr" }, diff: { before: { checks: { auth: "fail" } }, after: { checks: { auth: "pass" } } } });
    let poll = await lastPoll(request);
    for (let i = 0; i < 2; i++) {
      const previous = poll;
      await expect.poll(async () => (poll = await lastPoll(request)), { timeout: 60_000, message: "the next gateway poll" }).not.toBe(previous);
    }
    expect(await checkEvents(request, usermgr.id, since)).toHaveLength(1);
  } finally {
    await mcp.close().catch(() => {});
    if (pluginId) {
      const removed = await request.delete(`${admin}/plugins/${pluginId}`);
      expect(removed.status()).toBe(204);
      await expect.poll(() => restAuth(request, usermgr.id), { timeout: 90_000, message: "UserMgr's auth check back to fail" }).toBe("fail");
    }
  }
  // The flip back is one more event.
  expect((await checkEvents(request, usermgr.id, since)).map((e) => e.diff.after.checks.auth)).toEqual(["pass", "fail"]);
});
