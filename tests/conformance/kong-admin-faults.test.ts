// Fault injection and request log of the sandbox gateway, programmatic and over
// POST /_sandbox/faults: "Kong slow, timing out or returning 5xx mid-pagination".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SandboxGateway, startSandboxGateway } from "../../lib/sandbox/kong/index";
import { adminApi } from "./kong-test-helpers";

let gw: SandboxGateway;
let api: ReturnType<typeof adminApi>;

beforeAll(async () => {
  gw = await startSandboxGateway({ rbacToken: "t0ken" });
  api = adminApi(gw.url, { "Kong-Admin-Token": "t0ken" });
  for (let i = 0; i < 5; i++) gw.store.insert("services", { name: `s${i}`, host: "h.test" });
});
afterAll(() => gw.stop());
beforeEach(() => {
  gw.faults.clear();
  gw.faults.resetRequests();
});

describe("fault rules", () => {
  it("status: lets afterRequests pass, then fails `times` matching requests (mid-pagination 500)", async () => {
    gw.faults.add({ method: "GET", pathPrefix: "/services", afterRequests: 1, times: 1, action: { type: "status", status: 500 } });
    const first = await api("GET", "/services?size=2");
    expect(first.status).toBe(200);
    const second = await api("GET", `/services?size=2&offset=${encodeURIComponent(first.body.offset)}`);
    expect([second.status, second.body]).toEqual([500, { message: "An unexpected error occurred" }]);
    expect((await api("GET", `/services?size=2&offset=${encodeURIComponent(first.body.offset)}`)).status).toBe(200);
    expect((await api("GET", "/routes")).status).toBe(200);
    expect(gw.faults.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      "GET /services", "GET /services", "GET /services", "GET /routes",
    ]);
  });

  it("method and prefix filters: a POST rule leaves GETs alone; without `times` it keeps failing", async () => {
    gw.faults.add({ method: "POST", pathPrefix: "/services", action: { type: "status", status: 503 } });
    expect((await api("GET", "/services")).status).toBe(200);
    const p1 = await api("POST", "/services", { host: "x.test" });
    const p2 = await api("POST", "/services", { host: "x.test" });
    expect([p1.status, p2.status, p1.body.message]).toEqual([503, 503, "Service Unavailable"]);
    expect(gw.store.list("services")).toHaveLength(5);
  });

  it("delay: the answer comes after at least `ms`", async () => {
    gw.faults.add({ pathPrefix: "/status", times: 1, action: { type: "delay", ms: 150 } });
    const t0 = performance.now();
    expect((await api("GET", "/status")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
  });

  it("hang: no answer until the client gives up; the request is still logged", async () => {
    gw.faults.add({ pathPrefix: "/routes", times: 1, action: { type: "hang" } });
    const logged = gw.faults.waitForRequests(1, { pathPrefix: "/routes" });
    const hung = fetch(`${gw.url}/routes`, { headers: { "Kong-Admin-Token": "t0ken" }, signal: AbortSignal.timeout(200) });
    await expect(hung).rejects.toThrow();
    expect((await logged)[0]).toMatchObject({ method: "GET", path: "/routes" });
    expect((await api("GET", "/routes")).status).toBe(200);
  });

  it("reset: the connection is dropped without a response", async () => {
    gw.faults.add({ pathPrefix: "/upstreams", times: 1, action: { type: "reset" } });
    await expect(fetch(`${gw.url}/upstreams`, { headers: { "Kong-Admin-Token": "t0ken" } })).rejects.toThrow(/fetch failed/);
    expect((await api("GET", "/upstreams")).status).toBe(200);
  });
});

describe("HTTP control endpoints", () => {
  it("POST /_sandbox/faults takes the same JSON (one rule, an array or {rules}); DELETE clears", async () => {
    const ctl = adminApi(gw.url); // no token: control endpoints are outside the Admin API
    const added = await ctl("POST", "/_sandbox/faults", { rules: [{ pathPrefix: "/plugins", action: { type: "status", status: 502 } }] });
    expect([added.status, added.body.rules]).toEqual([201, [{ pathPrefix: "/plugins", action: { type: "status", status: 502 } }]]);
    expect((await ctl("POST", "/_sandbox/faults", { action: { type: "status", status: 503 }, pathPrefix: "/tags" })).status).toBe(201);
    expect(gw.faults.rules).toHaveLength(2);
    expect((await api("GET", "/plugins")).status).toBe(502);
    const bad = await ctl("POST", "/_sandbox/faults", { action: { type: "explode" } });
    expect(bad.status).toBe(400);
    const state = await ctl("GET", "/_sandbox/faults");
    expect(state.body.requests.map((r: { path: string }) => r.path)).toEqual(["/plugins"]);
    expect((await ctl("DELETE", "/_sandbox/faults")).status).toBe(204);
    expect((await api("GET", "/plugins")).status).toBe(200);
    expect((await ctl("GET", "/_sandbox/requests")).body.data).toHaveLength(2);
    expect((await ctl("DELETE", "/_sandbox/requests")).status).toBe(204);
    expect(gw.faults.requests).toEqual([]);
  });
});
