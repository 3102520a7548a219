// MCP tools over HTTP against a real `signpost start`, driven by real MCP clients: the SDK's own
// Client with its Streamable HTTP transport, and @modelcontextprotocol/inspector-cli. They list
// the tools, search for usermgr, get it and resolve it (the same answers as REST), list changes
// and sources; unknown tools, unknown arguments and unknown APIs are tool errors naming them.
import { describe, expect, it } from "vitest";
import { call, errorText, mcpSuite, ok, TOOLS } from "../helpers/mcp-http";

const mcp = mcpSuite();
const { connect, audit, inspector } = mcp;

describe("the SDK's Client over Streamable HTTP", () => {
  it("lists the tools, each with a description and a strict JSON schema of its arguments", async () => {
    const client = await connect(mcp.tokens.viewer);
    expect(client.getServerVersion()?.name).toBe("signpost");
    expect(client.getInstructions()).toMatch(/search_apis/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS);
    for (const t of tools) {
      expect(t.description!.length, t.name).toBeGreaterThan(100);
      expect(t.inputSchema).toMatchObject({ type: "object", additionalProperties: false });
    }
    const search = tools.find((t) => t.name === "search_apis")!;
    expect(Object.keys(search.inputSchema.properties!)).toEqual(["query", "team", "microservice", "cluster", "namespace", "exposureMode", "gateway", "failing", "level", "health", "includeGone", "limit", "cursor"]);
    expect(tools.find((t) => t.name === "register_api")!.annotations).toMatchObject({ readOnlyHint: false });
    expect(tools.find((t) => t.name === "deregister_api")!.annotations).toMatchObject({ destructiveHint: true });
  });

  it("searches for usermgr, gets it and resolves it: the answers REST gives", async () => {
    const client = await connect(mcp.tokens.viewer);
    const rest = (await mcp.server.request("/api/v1/resolve/usermgr")).json<{ id: string; proxyUrl: string; etag: string }>();

    const found = ok<{ apis: { id: string; name: string; proxyUrl: string; exposureMode: string; team: string; pageUrl: string }[]; nextCursor: string | null }>(
      await call(client, "search_apis", { query: "usermgr" }),
    );
    const hit = found.apis.find((a) => a.name === "usermgr")!;
    expect(hit).toMatchObject({ id: rest.id, proxyUrl: rest.proxyUrl, exposureMode: "Gateway", team: "identity", pageUrl: `${mcp.server.url}/apis/${rest.id}` });
    // each item is REST's list item without exposures, labels and annotations
    const restItem = (await mcp.server.request("/api/v1/apis?q=usermgr")).json<{ data: Record<string, unknown>[] }>().data.find((a) => a.name === "usermgr")!;
    const { exposures: _e, labels: _l, annotations: _a, ...slim } = restItem;
    expect(hit).toEqual({ ...slim, pageUrl: hit.pageUrl });
    const page = await mcp.server.request(new URL(hit.pageUrl).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain("usermgr");

    // facets narrow the same way the REST list does
    const byFacets = ok<{ apis: { name: string }[] }>(await call(client, "search_apis", { team: "identity", exposureMode: ["Gateway"], namespace: "shop", microservice: "usermgr" }));
    expect(byFacets.apis.map((a) => a.name)).toEqual(["usermgr"]);
    expect(ok<{ apis: unknown[] }>(await call(client, "search_apis", { team: "nobody" })).apis).toEqual([]);
    // the scorecard filters, as REST's failing and level
    const restFailing = (await mcp.server.request("/api/v1/apis?failing=https&level=none,bronze,silver,gold")).json<{ data: { name: string }[] }>().data.map((a) => a.name);
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
      const restApi = (await mcp.server.request(`/api/v1/apis/${rest.id}`)).json<Record<string, unknown>>();
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
    const restResolved = (await mcp.server.request("/api/v1/resolve/usermgr")).json<Record<string, unknown>>();
    expect(resolved).toEqual({ ...restResolved, pageUrl: hit.pageUrl });
  });

  it("lists recent changes from a time and from a cursor, and the sources with their freshness", async () => {
    const client = await connect(mcp.tokens.viewer);
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
    const rest = (await mcp.server.request("/api/v1/sources", { headers: { authorization: `Bearer ${mcp.tokens.viewer}` } })).json<{ data: { name: string; state: string }[] }>();
    expect(sources.sources.map((s) => [s.name, s.state]).sort()).toEqual(rest.data.map((s) => [s.name, s.state]).sort());
    const asEditor = ok<{ sources: { kind: string; name: string; endpoint: string | null }[] }>(await call(await connect(mcp.tokens.editor), "list_sources"));
    expect(asEditor.sources.find((s) => s.kind === "cluster" && s.name === "sandbox")!.endpoint).toMatch(/^http/);
  });

  it("answers unknown tools, unknown arguments and unknown APIs with tool errors naming them, and the session goes on", async () => {
    const client = await connect(mcp.tokens.viewer);
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

describe("@modelcontextprotocol/inspector-cli", () => {
  it("lists the tools, searches for usermgr, gets it and resolves it", { timeout: 120_000 }, async () => {
    const listed = await inspector("--method", "tools/list");
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual(TOOLS);

    const rest = (await mcp.server.request("/api/v1/resolve/usermgr")).json<{ id: string; proxyUrl: string }>();
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
});
