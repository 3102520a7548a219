// Team scopes over HTTP against a real `signpost start`: an editor token (or a proxy user, through
// SIGNPOST_PROXY_TEAMS_HEADER) limited to team shop registers, replaces and deregisters shop's
// APIs only, through REST, a browser session and `signpost apply`; every refusal is a 403 and an
// audit entry. The sandbox's usermgr belongs to team identity, ordermgr to team commerce.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSignpostServer, sessionCookieOf, SERVER_ADMIN_TOKEN, type HttpAnswer, type SignpostServer } from "../helpers/signpost-http-server";
import { runSignpost } from "../helpers/signpost-process";

const PROXY = "127.0.0.2";
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };

let server: SignpostServer;
let shopToken: string;
let shop: Record<string, string>;

const registration = (name: string, team?: string, upstream: unknown = { url: `http://${name}.internal:8080` }) => ({
  name,
  ...(team ? { team } : {}),
  upstream,
  route: { paths: [`/${name}`] },
});
const post = (body: unknown, headers: Record<string, string>, from?: string) => server.request("/api/v1/apis", { method: "POST", headers, body, from });
const message = (a: HttpAnswer) => a.json<{ error: { message: string } }>().error.message;
const apiId = async (name: string) => (await server.request(`/api/v1/resolve/${name}`)).json<{ id: string }>().id;

async function audit(action: string): Promise<{ actor: string; action: string; target: string; after: Record<string, unknown> }[]> {
  return (await server.request(`/api/v1/audit?action=${action}&limit=100`, { headers: admin })).json<{ data: never[] }>().data;
}

beforeAll(async () => {
  server = await startSignpostServer({
    SIGNPOST_PROXY_USER_HEADER: "x-forwarded-user",
    SIGNPOST_PROXY_TEAMS_HEADER: "x-forwarded-groups",
    SIGNPOST_TRUSTED_PROXIES: PROXY,
    SIGNPOST_PROXY_ROLE: "editor",
  });
  const created = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: "shop-ci", role: "editor", teams: ["shop"] } });
  expect(created.status, created.text).toBe(201);
  expect(created.json()).toMatchObject({ name: "shop-ci", role: "editor", teams: ["shop"] });
  shopToken = created.json<{ token: string }>().token;
  shop = { authorization: `Bearer ${shopToken}` };
  // another team's registration, made by the bootstrap admin
  const pay = await post(registration("pay-api", "payments"), admin);
  expect(pay.status, pay.text).toBe(201);
}, 150_000);

afterAll(async () => {
  await server?.dispose();
});

describe("scoped tokens", () => {
  it("are created by admins for editors only, and listed with their teams", async () => {
    const create = (body: unknown) => server.request("/api/v1/tokens", { method: "POST", headers: admin, body });
    for (const [body, field] of [
      [{ name: "v", role: "viewer", teams: ["shop"] }, "body.teams"],
      [{ name: "a", role: "admin", teams: ["shop"] }, "body.teams"],
      [{ name: "e", role: "editor", teams: [] }, "body.teams"],
      [{ name: "e", role: "editor", teams: ["Not A Team"] }, "body.teams.0"],
    ] as const) {
      const r = await create(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json<{ error: { details: { issues: { field: string }[] } } }>().error.details.issues[0].field).toBe(field);
    }
    const list = (await server.request("/api/v1/tokens", { headers: admin })).json<{ data: { name: string; teams: string[] | null }[] }>().data;
    expect(list.find((t) => t.name === "shop-ci")!.teams).toEqual(["shop"]);
    expect((await audit("token.create")).map((e) => e.after)).toContainEqual(expect.objectContaining({ name: "shop-ci", role: "editor", teams: ["shop"] }));
  });

  it("register their teams' APIs only (403 and audited otherwise)", async () => {
    const own = await post(registration("shop-orders", "shop"), shop);
    expect(own.status, own.text).toBe(201);

    const other = await post(registration("pay-orders", "payments"), shop);
    expect(other.status).toBe(403);
    expect(message(other)).toBe("token:shop-ci may register APIs of team shop only, not of team payments");
    const noTeam = await post(registration("no-team"), shop);
    expect(noTeam.status).toBe(403);
    expect(message(noTeam)).toMatch(/name the team/);
    // a route in front of another team's Service would add to that team's API
    const foreignService = await post(registration("shop-users", "shop", { service: { cluster: "sandbox", namespace: "shop", name: "usermgr", port: 80 } }), shop);
    expect(foreignService.status).toBe(403);
    expect(message(foreignService)).toMatch(/belongs to team identity/);
    // replacing another team's registration is taking it over
    const takeover = await server.request("/api/v1/registrations/sandbox/pay-api", { method: "PUT", headers: shop, body: registration("pay-api", "shop") });
    expect(takeover.status).toBe(403);
    expect(message(takeover)).toMatch(/"pay-api" is registered for team payments/);

    const refused = await audit("api.register.refused");
    expect(refused.map((e) => [e.actor, e.target])).toEqual(
      expect.arrayContaining([
        ["token:shop-ci", "api:pay-orders"],
        ["token:shop-ci", "api:no-team"],
        ["token:shop-ci", "api:shop-users"],
        ["token:shop-ci", "api:pay-api@sandbox"],
      ]),
    );
    // nothing of the refused ones reached the catalog or the gateway
    expect((await server.request("/api/v1/resolve/pay-orders")).status).toBe(404);
    expect((await fetch(`${server.adminUrl}/services/pay-orders`)).status).toBe(404);
    expect((await server.request("/api/v1/registrations?team=payments")).json<{ data: { name: string }[] }>().data.map((r) => r.name)).toEqual(["pay-api"]);
  });

  it("deregister their teams' APIs only", async () => {
    const payId = await apiId("pay-api");
    expect((await server.request("/api/v1/registrations/sandbox/pay-api", { method: "DELETE", headers: shop })).status).toBe(403);
    const byId = await server.request(`/api/v1/apis/${payId}`, { method: "DELETE", headers: shop });
    expect(byId.status).toBe(403);
    expect(message(byId)).toMatch(/may deregister APIs of team shop only; pay-api belongs to team payments/);
    expect((await audit("api.deregister.refused")).map((e) => e.actor)).toEqual(["token:shop-ci", "token:shop-ci"]);
    expect((await server.request(`/api/v1/apis/${payId}`)).json()).toMatchObject({ goneAt: null });

    const own = await post(registration("shop-temp", "shop"), shop);
    expect(own.status).toBe(201);
    expect((await server.request("/api/v1/registrations/sandbox/shop-temp", { method: "DELETE", headers: shop })).status).toBe(204);
  });

  it("cannot confirm a source's held deletion (it removes every team's APIs)", async () => {
    const r = await server.request("/api/v1/sources/cluster/sandbox/confirm-deletion", { method: "POST", headers: shop });
    expect(r.status).toBe(403);
    expect(message(r)).toMatch(/scoped to teams/);
  });

  it("an unscoped editor is not limited", async () => {
    const t = (await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: "platform", role: "editor" } })).json<{ token: string; teams: null }>();
    expect(t.teams).toBeNull();
    const r = await post(registration("pay-platform", "payments"), { authorization: `Bearer ${t.token}` });
    expect(r.status, r.text).toBe(201);
  });

  it("a browser session opened with a scoped token has its scope", async () => {
    const signIn = await server.request("/api/v1/session", { method: "POST", body: { token: shopToken } });
    const cookie = sessionCookieOf(signIn);
    expect(signIn.json()).toMatchObject({ actor: "token:shop-ci", teams: ["shop"] });
    const headers = { cookie, "x-csrf-token": signIn.json<{ csrfToken: string }>().csrfToken };
    expect((await server.request("/api/v1/session", { headers: { cookie } })).json()).toMatchObject({ teams: ["shop"] });
    expect((await post(registration("pay-form", "payments"), headers)).status).toBe(403);
    expect((await post(registration("shop-form", "shop"), headers)).status).toBe(201);
    // the Register page's preview says so before submitting
    const preview = await server.request("/api/v1/registrations/preview", { method: "POST", headers, body: registration("pay-form", "payments") });
    expect(preview.json()).toMatchObject({ valid: false, issues: [{ field: "body.team", message: expect.stringMatching(/team shop only/) }] });
  });
});

describe("proxy users with a teams header", () => {
  const as = (groups?: string) => ({ "x-forwarded-user": "bob", "sec-fetch-site": "same-origin", ...(groups !== undefined ? { "x-forwarded-groups": groups } : {}) });

  it("register for the teams the proxy names, none without the header, any with *", async () => {
    expect((await server.request("/api/v1/session", { headers: as("shop, web"), from: PROXY })).json()).toMatchObject({ actor: "proxy:bob", teams: ["shop", "web"] });
    expect((await post(registration("proxy-shop", "shop"), as("shop, web"), PROXY)).status).toBe(201);
    const other = await post(registration("proxy-pay", "payments"), as("shop, web"), PROXY);
    expect(other.status).toBe(403);
    expect(message(other)).toMatch(/proxy:bob may register APIs of teams shop, web only/);
    expect((await post(registration("proxy-none", "shop"), as(), PROXY)).status).toBe(403);
    expect((await post(registration("proxy-all", "payments"), as("*"), PROXY)).status).toBe(201);
    expect((await audit("api.register.refused")).some((e) => e.actor === "proxy:bob" && e.target === "api:proxy-none")).toBe(true);
  });
});

describe("signpost apply", () => {
  it("applies the scoped team's entries and stops with exit 77 at another team's", async () => {
    const file = path.join(server.dataDir, "scoped.yaml");
    fs.writeFileSync(
      file,
      ["apis:", "  - {name: shop-cli, team: shop, upstream: {url: 'http://shop-cli.internal:8080'}, route: {paths: [/shop-cli]}}", "  - {name: pay-cli, team: payments, upstream: {url: 'http://pay-cli.internal:8080'}, route: {paths: [/pay-cli]}}", ""].join("\n"),
    );
    const r = await runSignpost(["apply", "-f", file], { SIGNPOST_URL: server.url, SIGNPOST_TOKEN: shopToken });
    expect(r.code, r.stderr).toBe(77);
    expect(r.stdout).toMatch(/created shop-cli \(sandbox\)/);
    expect(r.stderr).toBe("signpost: create pay-cli (sandbox): not allowed: token:shop-ci may register APIs of team shop only, not of team payments\n");
  });

  it("says a refused token is the problem when the address is past the failure limit (429)", async () => {
    for (let i = 0; i < 11; i++) await server.request("/api/v1/apis", { headers: { authorization: "Bearer sp_tok_wrong" } });
    const r = await runSignpost(["status"], { SIGNPOST_URL: server.url, SIGNPOST_TOKEN: "sp_tok_wrong" });
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toMatch(/^signpost: the server refused the token: the token is invalid, expired or revoked; too many failed attempts from this address, retry in \d+ s \(SIGNPOST_TOKEN or --token\)\n$/);
  });
});
