// SIGNPOST_PUBLIC_READ=false over HTTP against a real `signpost start`: every page (its HTML and
// its RSC payload) and every read of the REST API, the event stream, blocking resolve and the MCP
// endpoint (tools and contract resources) included, answer 401 to a caller without a working credential, with nothing of the catalog or the sources
// in the answer; signed in (any role), they render.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startSignpostServer, sessionCookieOf, SERVER_ADMIN_TOKEN, type HttpAnswer, type SignpostServer } from "../helpers/signpost-http-server";

const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
const APP = path.resolve(import.meta.dirname, "..", "..", "app");

let server: SignpostServer;
let apiId: string;
let viewer: string;

/** Every page route under app/ with a path to request it by (dynamic segments filled in). */
const PAGES: Record<string, () => string> = {
  "/": () => "/?q=mgr",
  "/apis/[id]": () => `/apis/${apiId}`,
  "/sources": () => "/sources",
  "/register": () => "/register?name=probe&port=80",
  "/webhooks": () => "/webhooks",
  "/webhooks/[id]": () => "/webhooks/00000000-0000-4000-8000-000000000000",
  "/settings": () => "/settings",
  "/settings/tokens": () => "/settings/tokens",
  "/settings/audit": () => "/settings/audit",
  "/teams/[team]": () => "/teams/commerce",
};
/** The REST API reference is public like /api/v1/openapi.json: it holds no catalog data. */
const PUBLIC_PAGES = ["/docs/api"];
/** Redirects, not pages: checked on their own below. */
const REDIRECT_PAGES = ["/apis/by-name/[...parts]"];

beforeAll(async () => {
  server = await startSignpostServer({ SIGNPOST_PUBLIC_READ: "false" });
  const list = (await server.request("/api/v1/apis?q=usermgr", { headers: admin })).json<{ data: { id: string; name: string }[] }>();
  apiId = list.data.find((a) => a.name === "usermgr")!.id;
  const created = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: "private-viewer", role: "viewer" } });
  viewer = created.json<{ token: string }>().token;
}, 150_000);

afterAll(async () => {
  await server?.dispose();
});

/** A page request; an RSC request Next redirects (to add its cache-busting _rsc parameter) is followed. */
async function page(at: string, headers: Record<string, string>): Promise<HttpAnswer> {
  const r = await server.request(at, { headers });
  const location = r.headers.location;
  if (r.status === 307 && "rsc" in headers && location) return server.request(new URL(location, server.url).pathname + new URL(location, server.url).search, { headers });
  return r;
}

/** The sign-in page's title (every RSC payload carries the sign-in page itself as a fallback). */
const SIGN_IN_PAGE = "<title>Sign in · Signpost</title>";

/** What must never reach an anonymous caller: API names, the sources' endpoints. */
function expectNothingLeaked(a: HttpAnswer, what: string) {
  for (const secret of ["usermgr", "ordermgr", new URL(server.kubeUrl).host, new URL(server.adminUrl).host]) {
    expect(a.text.includes(secret), `${what} contains ${secret}`).toBe(false);
  }
}

function pageRoutes(dir = APP, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith("_") && !(dir === APP && e.name === "api")) out.push(...pageRoutes(path.join(dir, e.name), `${prefix}/${e.name}`));
    else if (e.name === "page.tsx") out.push(prefix || "/");
  }
  return out.sort();
}

describe("pages", () => {
  it("this test requests every page route under app/", () => {
    expect(pageRoutes()).toEqual([...Object.keys(PAGES), ...PUBLIC_PAGES, ...REDIRECT_PAGES].sort());
  });

  it("redirect links by name only for readers: anonymous callers get the sign-in page (401) and no API id", async () => {
    const anon = await fetch(`${server.url}/apis/by-name/sandbox/shop/usermgr`, { redirect: "manual" });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("location")).toBeNull();
    expect(await anon.text()).not.toContain(apiId);
  });

  it("show only the sign-in page (401) to anonymous callers, as HTML and as RSC payloads", async () => {
    for (const [route, at] of Object.entries(PAGES)) {
      const variants: Record<string, string>[] = [{}, { rsc: "1" }, { rsc: "1", "next-router-prefetch": "1" }, { cookie: "signpost_session=sp_ses_stale" }, { authorization: "Bearer sp_tok_wrong" }];
      for (const headers of variants) {
        const r = await page(at(), headers);
        const what = `${route} ${JSON.stringify(headers)}`;
        expectNothingLeaked(r, what);
        if ("rsc" in headers) {
          // an RSC payload streams (its status is sent first): the page segment is the 401 fallback;
          // a prefetch of a dynamic page carries the route tree only
          expect(r.headers["content-type"], what).toContain("text/x-component");
          if (!("next-router-prefetch" in headers)) expect(r.text, what).toContain('"digest":"NEXT_HTTP_ERROR_FALLBACK;401"');
        } else {
          expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBe(401);
          expect(r.text, what).toContain(SIGN_IN_PAGE);
        }
      }
    }
  });

  it("render for a signed-in reader (a viewer's session)", async () => {
    const signIn = await server.request("/api/v1/session", { method: "POST", body: { token: viewer } });
    const cookie = { cookie: sessionCookieOf(signIn) };
    for (const [route, at] of Object.entries(PAGES)) {
      const r = await server.request(at(), { headers: cookie });
      // /settings redirects to its first section
      expect(r.status, `${route}: ${r.text.slice(0, 300)}`).toBe(route === "/settings" ? 307 : 200);
      expect(r.text, route).not.toContain(SIGN_IN_PAGE);
    }
    const catalog = await server.request("/?q=mgr", { headers: cookie });
    expect(catalog.text).toContain("usermgr");
    const api = await server.request(`/apis/${apiId}`, { headers: cookie });
    expect(api.text).toContain("<title>usermgr");
    const rsc = await page("/sources", { ...cookie, rsc: "1" });
    expect(rsc.status).toBe(200);
    expect(rsc.text).toContain("sandbox");
  });

  it("the API reference stays public", async () => {
    const r = await server.request("/docs/api");
    expect(r.status).toBe(200);
    expectNothingLeaked(r, "/docs/api");
  });
});

describe("REST reads", () => {
  const READS = () => [
    "/api/v1/apis",
    "/api/v1/apis/facets",
    `/api/v1/apis/${apiId}`,
    `/api/v1/apis/${apiId}/spec/versions`,
    "/api/v1/export/backstage",
    "/api/v1/events",
    "/api/v1/resolve/usermgr",
    "/api/v1/resolve/usermgr?wait=5s",
    "/api/v1/sources",
    "/api/v1/gateways",
    "/api/v1/services",
    "/api/v1/registrations",
    "/api/v1/scorecards",
    "/metrics",
  ];

  it("answer 401 to anonymous callers, the event stream and blocking resolve included", async () => {
    for (const p of READS()) {
      const variants: Record<string, string>[] = [{}, { accept: "text/event-stream" }, { cookie: "signpost_session=sp_ses_stale" }];
      for (const headers of variants) {
        const r = await server.request(p, { headers });
        expect(r.status, `${p} ${JSON.stringify(headers)}`).toBe(401);
        expectNothingLeaked(r, p);
      }
    }
  });

  it("answer a viewer's token", async () => {
    for (const p of READS().filter((x) => !x.includes("wait="))) {
      const r = await server.request(p, { headers: { authorization: `Bearer ${viewer}` } });
      expect(r.status, p).toBe(200);
    }
  });

  it("readiness answers probes without naming the sources to anonymous callers", async () => {
    const anonymous = await server.request("/api/ready");
    expect(anonymous.status).toBe(200);
    expect(anonymous.json()).toMatchObject({ status: "ready", database: { ok: true }, sources: [] });
    const signedIn = (await server.request("/api/ready", { headers: { authorization: `Bearer ${viewer}` } })).json<{ sources: unknown[] }>();
    expect(signedIn.sources.length).toBeGreaterThan(0);
  });

  it("the session endpoint answers anonymous callers (the sign-in page needs it)", async () => {
    const r = await server.request("/api/v1/session");
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ signedIn: false });
  });
});

describe("the MCP endpoint", () => {
  const search = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search_apis", arguments: { query: "usermgr" } } };
  const mcpClient = (headers: Record<string, string>) => {
    const client = new Client({ name: "private-read-test", version: "1.0.0" });
    return { client, connect: () => client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } })) };
  };

  it("answers 401 with WWW-Authenticate to anonymous callers, and nothing of the catalog", async () => {
    for (const headers of [{}, { cookie: "signpost_session=sp_ses_stale" }] as Record<string, string>[]) {
      const r = await server.request("/mcp", { method: "POST", headers: { ...headers, accept: "application/json, text/event-stream" }, body: search });
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.headers["www-authenticate"]).toBe('Bearer realm="signpost"');
      expect(r.json()).toMatchObject({ jsonrpc: "2.0", error: { data: { code: "unauthorized" } } });
      expectNothingLeaked(r, "/mcp");
    }
    const anonymous = mcpClient({});
    // the SDK's client reports the status and the message
    await expect(anonymous.connect()).rejects.toMatchObject({ code: 401, message: expect.stringContaining("this Signpost requires a token to read") });
  });

  it("refuses an anonymous read of a contract resource (401, nothing of the document); a viewer reads it", async () => {
    const doc = '{"openapi":"3.1.0","info":{"title":"private-contract-title","version":"1"},"paths":{}}';
    const put = await fetch(`${server.url}/api/v1/apis/${apiId}/spec`, { method: "PUT", headers: { ...admin, "content-type": "application/json" }, body: doc });
    expect(put.status).toBe(201);
    const uri = `signpost://apis/${apiId}/contract`;
    for (const [method, params] of [["resources/read", { uri }], ["resources/list", {}], ["resources/templates/list", {}]] as const) {
      const r = await server.request("/mcp", { method: "POST", headers: { accept: "application/json, text/event-stream" }, body: { jsonrpc: "2.0", id: 1, method, params } });
      expect(r.status, method).toBe(401);
      expect(r.headers["www-authenticate"]).toBe('Bearer realm="signpost"');
      expect(r.json()).toMatchObject({ jsonrpc: "2.0", error: { data: { code: "unauthorized" } } });
      expect(r.text).not.toContain("private-contract-title");
      expect(r.text).not.toContain(apiId);
      expectNothingLeaked(r, `/mcp ${method}`);
    }
    const { client, connect } = mcpClient({ authorization: `Bearer ${viewer}` });
    await connect();
    try {
      expect((await client.listResources()).resources.map((r) => r.uri)).toContain(uri);
      expect((await client.readResource({ uri })).contents[0]).toMatchObject({ uri, mimeType: "application/json", text: doc });
    } finally {
      await client.close();
    }
  });

  it("answers a viewer's token through the SDK's client", async () => {
    const { client, connect } = mcpClient({ authorization: `Bearer ${viewer}` });
    await connect();
    try {
      const r = await client.callTool({ name: "search_apis", arguments: { query: "usermgr" } });
      expect(r.isError ?? false).toBe(false);
      expect((r.structuredContent as { apis: { name: string }[] }).apis.map((a) => a.name)).toContain("usermgr");
    } finally {
      await client.close();
    }
  });
});
