// Try it over HTTP against `signpost start`: a signed-in caller (token) GETs a path below an API's
// gateway address and learns status, latency and which pod answered; every refusal is checked:
// no credential (401), a path that leaves the API's address (422), more calls than
// SIGNPOST_TRY_LIMIT a minute (429 with Retry-After, per user), an unknown API (404).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/runtime/check-port";
import { SERVER_ADMIN_TOKEN, startSignpostServer, type SignpostServer } from "../helpers/signpost-server";

type TryBody = {
  request: { url: string; gateway: string }; status: number; latencyMs: number; answeredBy: { service?: string; pod?: string; upstreamLatencyMs?: number } | null;
  headers: Record<string, string>; body: string; bodyTruncated: boolean;
};
type ErrorBody = { error: { code: string; message: string } };

describe("POST /api/v1/apis/{id}/try over HTTP", () => {
  let server: SignpostServer;
  let apiId: string;
  let viewer: string;
  const tryIt = (body: unknown, token?: string, id = apiId) =>
    fetch(`${server.url}/api/v1/apis/${id}/try`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const proxyPort = await freePort();
    server = await startSignpostServer({
      env: { SIGNPOST_SANDBOX_PROXY_PORT: String(proxyPort), SIGNPOST_KONG_PROXY_URL: `http://localhost:${proxyPort}`, SIGNPOST_TRY_LIMIT: "3" },
    });
    const list = (await (await fetch(`${server.url}/api/v1/apis?q=usermgr&limit=50`)).json()) as { data: { id: string; name: string; exposures: { mode: string }[] }[] };
    apiId = list.data.find((a) => a.name === "usermgr" && a.exposures.some((e) => e.mode === "Gateway"))!.id;
    const created = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST", headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify({ name: "try-viewer", role: "viewer" }),
    });
    expect(created.status).toBe(201);
    viewer = ((await created.json()) as { token: string }).token;
  }, 240_000);
  afterAll(async () => server?.dispose());

  it("refuses a caller without a credential (401, the JSON error body)", async () => {
    const res = await tryIt({ path: "/1" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe("unauthorized");
  });

  it("a viewer calls the API's address: status, latency, the pod that answered", async () => {
    const res = await tryIt({ path: "/42?x=1" }, viewer);
    const body = (await res.json()) as TryBody;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.request).toEqual({ method: "GET", url: "http://api.shop.example/users/42?x=1", gateway: "sandbox" });
    expect(body.status).toBe(200);
    expect(body.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.answeredBy).toMatchObject({ service: "usermgr", namespace: "shop" });
    expect(body.answeredBy!.upstreamLatencyMs).toBeGreaterThanOrEqual(0);
    expect(body.headers.via).toBe("1.1 kong/3.9.1");
    expect(body.answeredBy!.pod).toMatch(/^usermgr-/);
    expect(JSON.parse(body.body)).toMatchObject({ service: "usermgr", method: "GET", path: "/users/42", query: "x=1", host: "api.shop.example" });
    expect(body.bodyTruncated).toBe(false);
  });

  it.each([["/../admin"], ["//evil.example/x"], ["http://evil.example/"], ["users"], ["/a/%2e%2e/b"]])("refuses a path that leaves the API's address: %s (422)", async (path) => {
    const res = await tryIt({ path }, SERVER_ADMIN_TOKEN);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.message).toContain("is not a path below the API's address");
  });

  it("refuses a body naming a URL instead of a path (422)", async () => {
    const res = await tryIt({ url: "http://169.254.169.254/latest/meta-data" }, SERVER_ADMIN_TOKEN);
    expect(res.status).toBe(422);
  });

  it("answers 404 for an unknown API", async () => {
    const res = await tryIt({ path: "/" }, viewer, "00000000-0000-4000-8000-000000000000");
    expect(res.status).toBe(404);
  });

  it("rate-limits per user: past SIGNPOST_TRY_LIMIT calls a minute, 429 with Retry-After; another user is not affected", async () => {
    // The viewer used one call above; two more are allowed.
    for (let i = 0; i < 2; i++) expect((await tryIt({ path: "/" }, viewer)).status).toBe(200);
    const limited = await tryIt({ path: "/" }, viewer);
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as ErrorBody;
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toContain("SIGNPOST_TRY_LIMIT");
    expect((await tryIt({ path: "/" }, SERVER_ADMIN_TOKEN)).status).toBe(200);
  });
});
