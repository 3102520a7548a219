// Access guards over HTTP against a real `signpost start` (public reads, an authenticating proxy on
// 127.0.0.2, and besides the sandboxes a gateway that cannot be reached): failed credentials are
// limited per address without ever refusing a valid one; a session cookie that no longer works is
// cleared and read as anonymous; writes by a session or a proxy user need the CSRF token or a
// same-origin request; internal details (endpoints, raw errors, versions) reach editors and
// admins only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSignpostServer, sessionCookieOf, SERVER_ADMIN_TOKEN, type HttpAnswer, type SignpostServer } from "../helpers/signpost-http-server";
import { waitFor } from "../helpers/wait-for";
import { freePort } from "../../lib/runtime/check-port";

const PROXY = "127.0.0.2";
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
const CROSS_SITE = { "sec-fetch-site": "cross-site", origin: "http://evil.example" };

/** A gateway nothing listens for (a port found free): its source fails with an error naming its Admin API. */
let BROKEN_ADMIN: string;

let server: SignpostServer;
let cluster: string;
let configDir: string;

beforeAll(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-access-"));
  BROKEN_ADMIN = `127.0.0.1:${await freePort()}`;
  fs.writeFileSync(path.join(configDir, "signpost.yaml"), `gateways:\n  - {name: broken, adminUrl: "http://${BROKEN_ADMIN}"}\n`);
  server = await startSignpostServer({
    SIGNPOST_SANDBOX: "on",
    SIGNPOST_CONFIG: path.join(configDir, "signpost.yaml"),
    SIGNPOST_PROXY_USER_HEADER: "x-forwarded-user",
    SIGNPOST_TRUSTED_PROXIES: PROXY,
    SIGNPOST_PROXY_ROLE: "editor",
  });
  const sources = (await server.request("/api/v1/sources", { headers: admin })).json<{ data: { kind: string; name: string }[] }>();
  cluster = sources.data.find((s) => s.kind === "cluster")!.name;
}, 150_000);

afterAll(async () => {
  await server?.dispose();
  fs.rmSync(configDir, { recursive: true, force: true });
});

const clears = (a: HttpAnswer) => [a.headers["set-cookie"] ?? []].flat().some((c) => /^signpost_session=;/.test(c) && /Max-Age=0/.test(c));

async function createToken(name: string, role: string): Promise<{ id: string; token: string }> {
  const r = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name, role } });
  expect(r.status, r.text).toBe(201);
  return r.json();
}

async function signIn(token: string, from?: string): Promise<{ cookie: string; csrf: string }> {
  const r = await server.request("/api/v1/session", { method: "POST", body: { token }, from });
  expect(r.status, r.text).toBe(200);
  return { cookie: sessionCookieOf(r), csrf: r.json<{ csrfToken: string }>().csrfToken };
}

describe("failed credentials", () => {
  const from = "127.0.0.3";
  const bad = (i: number) => server.request("/api/v1/apis", { headers: { authorization: `Bearer sp_tok_wrong-${i}` }, from });

  it("are limited per address, and a valid token from that address still works", async () => {
    const editor = await createToken("limit-editor", "editor");
    const statuses: number[] = [];
    let last: HttpAnswer | undefined;
    for (let i = 0; i < 30; i++) {
      last = await bad(i);
      statuses.push(last.status);
    }
    // 10 failures are answered 401, every one after that 429 with Retry-After
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
    expect(last!.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/invalid.*retry in \d+ s/) });

    // a valid credential from the same address is never refused for those failures
    const tokens = await server.request("/api/v1/tokens", { headers: admin, from });
    expect(tokens.status, tokens.text).toBe(200);
    const write = await server.request(`/api/v1/sources/cluster/${cluster}/resync`, { method: "POST", headers: { authorization: `Bearer ${editor.token}` }, from });
    expect(write.status, write.text).toBe(200);
    expect((await signIn(SERVER_ADMIN_TOKEN, from)).cookie).toMatch(/^signpost_session=/);
    // while wrong ones stay refused, on the API and at sign-in
    expect((await bad(99)).status).toBe(429);
    const wrongSignIn = await server.request("/api/v1/session", { method: "POST", body: { token: "sp_tok_wrong" }, from });
    expect(wrongSignIn.status).toBe(429);
    expect(wrongSignIn.headers["retry-after"]).toBeDefined();
    // another address has its own count
    expect((await server.request("/api/v1/apis", { headers: { authorization: "Bearer sp_tok_wrong" }, from: "127.0.0.4" })).status).toBe(401);
  });
});

describe("a session cookie that no longer works", () => {
  it("is cleared and read as anonymous where reads are public", async () => {
    const bogus = { cookie: "signpost_session=sp_ses_never-issued" };
    const list = await server.request("/api/v1/apis", { headers: bogus });
    expect(list.status, list.text).toBe(200);
    expect(clears(list)).toBe(true);
    const session = await server.request("/api/v1/session", { headers: bogus });
    expect(session.status).toBe(200);
    expect(session.json()).toMatchObject({ signedIn: false, actor: null });
    expect(clears(session)).toBe(true);
    // a write with it is refused as anonymous (401), and the cookie is cleared there too
    const write = await server.request(`/api/v1/sources/cluster/${cluster}/resync`, { method: "POST", headers: bogus });
    expect(write.status).toBe(401);
    expect(clears(write)).toBe(true);
  });

  it("after signing out and after its token is revoked", async () => {
    const signedOut = await signIn(SERVER_ADMIN_TOKEN);
    const out = await server.request("/api/v1/session", { method: "DELETE", headers: { cookie: signedOut.cookie, "x-csrf-token": signedOut.csrf } });
    expect(out.status).toBe(204);
    const afterOut = await server.request("/api/v1/apis", { headers: { cookie: signedOut.cookie } });
    expect(afterOut.status).toBe(200);
    expect(clears(afterOut)).toBe(true);

    const t = await createToken("revoked-later", "editor");
    const s = await signIn(t.token);
    expect((await server.request("/api/v1/session", { headers: { cookie: s.cookie } })).json()).toMatchObject({ signedIn: true, actor: "token:revoked-later" });
    expect((await server.request(`/api/v1/tokens/${t.id}`, { method: "DELETE", headers: admin })).status).toBe(204);
    const afterRevoke = await server.request("/api/v1/session", { headers: { cookie: s.cookie } });
    expect(afterRevoke.json()).toMatchObject({ signedIn: false });
    expect(clears(afterRevoke)).toBe(true);
  });

  it("a working session is not cleared", async () => {
    const s = await signIn(SERVER_ADMIN_TOKEN);
    const r = await server.request("/api/v1/apis", { headers: { cookie: s.cookie } });
    expect(r.status).toBe(200);
    expect(clears(r)).toBe(false);
  });
});

describe("cross-site writes", () => {
  const resync = () => `/api/v1/sources/cluster/${cluster}/resync`;

  it("with a valid session are refused (403) unless they carry the CSRF token or are same-origin", async () => {
    const s = await signIn(SERVER_ADMIN_TOKEN);
    const cookie = { cookie: s.cookie };
    // body-less POSTs and DELETEs included
    for (const [method, path] of [
      ["POST", resync()],
      ["POST", `/api/v1/sources/cluster/${cluster}/confirm-deletion`],
      ["DELETE", "/api/v1/webhooks/00000000-0000-4000-8000-000000000000"],
      ["DELETE", "/api/v1/session"],
    ]) {
      const crossSite = await server.request(path, { method, headers: { ...cookie, ...CROSS_SITE } });
      expect(crossSite.status, `${method} ${path}: ${crossSite.text}`).toBe(403);
      expect(crossSite.json<{ error: { message: string } }>().error.message).toMatch(/cross-site write refused/);
      // a client that says nothing about where it comes from needs the token as well
      expect((await server.request(path, { method, headers: cookie })).status, `${method} ${path} without headers`).toBe(403);
    }
    const wrongToken = await server.request(resync(), { method: "POST", headers: { ...cookie, ...CROSS_SITE, "x-csrf-token": "not-the-token" } });
    expect(wrongToken.status).toBe(403);
    const withToken = await server.request(resync(), { method: "POST", headers: { ...cookie, ...CROSS_SITE, "x-csrf-token": s.csrf } });
    expect(withToken.status, withToken.text).toBe(200);
    expect((await server.request(resync(), { method: "POST", headers: { ...cookie, "sec-fetch-site": "same-origin" } })).status).toBe(200);
    // Origin alone (browsers without Fetch Metadata): this server's own origin passes, another does not
    expect((await server.request(resync(), { method: "POST", headers: { ...cookie, origin: server.url } })).status).toBe(200);
    expect((await server.request(resync(), { method: "POST", headers: { ...cookie, origin: "http://evil.example" } })).status).toBe(403);
    // a sibling site (same-site, other origin) is not this origin
    expect((await server.request(resync(), { method: "POST", headers: { ...cookie, "sec-fetch-site": "same-site" } })).status).toBe(403);
  });

  it("by a proxy-authenticated user are refused (403) unless same-origin", async () => {
    const user = { "x-forwarded-user": "alice" };
    const who = await server.request("/api/v1/session", { headers: user, from: PROXY });
    expect(who.json()).toMatchObject({ signedIn: true, actor: "proxy:alice", role: "editor" });
    const crossSite = await server.request(resync(), { method: "POST", headers: { ...user, ...CROSS_SITE }, from: PROXY });
    expect(crossSite.status, crossSite.text).toBe(403);
    expect((await server.request(resync(), { method: "POST", headers: user, from: PROXY })).status).toBe(403);
    const register = await server.request("/api/v1/apis", {
      method: "POST",
      headers: { ...user, ...CROSS_SITE },
      from: PROXY,
      body: { name: "csrf-proxy", upstream: { url: "http://csrf.internal:8080" }, route: { paths: ["/csrf-proxy"] } },
    });
    expect(register.status, register.text).toBe(403);
    const sameOrigin = await server.request(resync(), { method: "POST", headers: { ...user, "sec-fetch-site": "same-origin" }, from: PROXY });
    expect(sameOrigin.status, sameOrigin.text).toBe(200);
    // reads need no proof
    expect((await server.request("/api/v1/sources", { headers: { ...user, ...CROSS_SITE }, from: PROXY })).status).toBe(200);
  });

  it("bearer-authenticated writes need no CSRF proof", async () => {
    expect((await server.request(resync(), { method: "POST", headers: { ...admin, ...CROSS_SITE } })).status).toBe(200);
  });
});

describe("internal details", () => {
  type Source = { kind: string; name: string; endpoint: string | null; lastError: string | null; lastErrorAt: string | null; info: Record<string, unknown> };
  const sources = async (headers: Record<string, string>) => (await server.request("/api/v1/sources", { headers })).json<{ data: Source[] }>().data;
  /** Text that only editors and admins may see: both Admin API addresses, the API server's, the gateway's version. */
  const internal = () => [BROKEN_ADMIN, new URL(server.adminUrl).host, new URL(server.kubeUrl).host, "3.9.1"];
  let viewer: string;
  let editor: string;

  beforeAll(async () => {
    viewer = (await createToken("internals-viewer", "viewer")).token;
    editor = (await createToken("internals-editor", "editor")).token;
    // the broken gateway has failed (and said why) by now
    await waitFor(() => sources(admin), (list) => Boolean(list.find((s) => s.name === "broken")?.lastError), { timeoutMs: 30_000, what: "the broken gateway's error" });
  });

  it("anonymous readers and viewers get sources without endpoints, error text or versions", async () => {
    const callers: Record<string, string>[] = [{}, { authorization: `Bearer ${viewer}` }];
    for (const headers of callers) {
      const r = await server.request("/api/v1/sources", { headers });
      for (const text of internal()) expect(r.text.includes(text), `${JSON.stringify(headers)} sees ${text}`).toBe(false);
      const list = r.json<{ data: Source[] }>().data;
      expect(list.map((s) => s.endpoint)).toEqual(list.map(() => null));
      const broken = list.find((s) => s.name === "broken")!;
      // that it failed, and when, stays visible
      expect(broken).toMatchObject({ state: "unreachable", lastError: expect.stringMatching(/shown to editors and admins/), lastErrorAt: expect.any(String) });
      expect(list.find((s) => s.kind === "gateway" && s.name === "sandbox")!.info).toMatchObject({ dbless: false, proxyUrl: "http://localhost:8000" });
    }
  });

  it("editors and admins see them", async () => {
    for (const headers of [admin, { authorization: `Bearer ${editor}` }]) {
      const list = await sources(headers);
      const broken = list.find((s) => s.name === "broken")!;
      expect(broken.endpoint).toBe(`http://${BROKEN_ADMIN}`);
      expect(broken.lastError).not.toMatch(/shown to editors/);
      expect(list.find((s) => s.kind === "cluster")!.endpoint).toBe(server.kubeUrl);
      expect(list.find((s) => s.kind === "gateway" && s.name === "sandbox")!.info).toMatchObject({ version: "3.9.1" });
    }
  });

  it("no other read carries them to anonymous readers: catalog, gateways, events, readiness, metrics, pages", async () => {
    const { data } = (await server.request("/api/v1/apis?q=usermgr")).json<{ data: { id: string }[] }>();
    for (const p of ["/api/v1/apis", `/api/v1/apis/${data[0].id}`, "/api/v1/apis/facets", "/api/v1/gateways", "/api/v1/events", "/api/v1/registrations", "/api/ready", "/api/health", "/metrics", "/", "/sources", `/apis/${data[0].id}`, "/register"]) {
      const r = await server.request(p);
      expect(r.status, p).toBe(200);
      for (const text of internal()) expect(r.text.includes(text), `${p} shows ${text}`).toBe(false);
    }
  });

  it("the Sources page shows them to an editor's session", async () => {
    const s = await signIn(editor);
    const r = await server.request("/sources", { headers: { cookie: s.cookie } });
    expect(r.text).toContain(server.kubeUrl);
    expect(r.text).toContain(BROKEN_ADMIN);
  });
});
