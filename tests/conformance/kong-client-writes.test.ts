// The Kong client's write functions against the sandbox gateway: validated entities back, Kong's
// errors as KongError, POST never retried, PUT retried, and what the client logs.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createPlugin, createRoute, createService, deletePlugin, deleteRoute, deleteService, getRoute, getService, KongError,
  type KongTarget, upsertRoute, upsertService,
} from "../../lib/kong/index";
import { configureLogger } from "../../lib/log";
import { type SandboxGateway, startSandboxGateway } from "../../lib/sandbox/kong/index";

const TOKEN = "rbac-7c1e2d3f";
let gw: SandboxGateway;
let target: KongTarget;
let logLines: string[] = [];

beforeAll(async () => {
  gw = await startSandboxGateway({ rbacToken: TOKEN });
  target = { name: "sandbox", adminUrl: gw.url, token: TOKEN };
});
afterAll(() => gw.stop());
beforeEach(() => {
  gw.store.clear();
  gw.faults.clear();
  gw.faults.resetRequests();
  logLines = [];
  configureLogger({ level: "debug", pretty: false, sink: (line) => logLines.push(line) });
});
afterEach(() => configureLogger({ level: "silent" }));

describe("services", () => {
  it("create, get, upsert and delete return validated entities", async () => {
    const created = await createService(target, { name: "billing", url: "http://billing.internal:8080/v1", tags: ["catalog-managed"] });
    expect(created).toMatchObject({ name: "billing", protocol: "http", host: "billing.internal", port: 8080, path: "/v1", tags: ["catalog-managed"], enabled: true });
    expect(await getService(target, "billing")).toEqual(created);
    expect(await getService(target, created.id)).toEqual(created);
    expect(await getService(target, "nope")).toBeNull();
    const replaced = await upsertService(target, "billing", { host: "billing.v2", tags: ["catalog-managed"] });
    expect([replaced.id, replaced.host, replaced.port, replaced.path]).toEqual([created.id, "billing.v2", 80, null]);
    const fresh = await upsertService(target, "ledger", { host: "ledger.internal" });
    expect(fresh.name).toBe("ledger");
    await deleteService(target, "billing");
    await deleteService(target, "billing"); // 204 again: already gone
    expect(await getService(target, "billing")).toBeNull();
  });

  it("Kong's errors become KongError with status, code, name and fields", async () => {
    await createService(target, { name: "billing", host: "a.test" });
    const dup = await createService(target, { name: "billing", host: "b.test" }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(KongError);
    expect(dup).toMatchObject({ kind: "http", status: 409, code: 5, kongName: "unique constraint violation", fields: { name: "billing" } });
    expect((dup as Error).message).toBe('gateway "sandbox": Kong answered 409 unique constraint violation: UNIQUE violation detected on \'{name="billing"}\'');
    await createRoute(target, "billing", { name: "r", paths: ["/r"] });
    await expect(deleteService(target, "billing")).rejects.toMatchObject({ status: 400, code: 4, fields: { "@referenced_by": "routes" } });
    await expect(createService(target, { name: "x" })).rejects.toMatchObject({ status: 400, code: 2, fields: { host: "required field missing" } });
  });
});

describe("routes and plugins", () => {
  it("createRoute nests under the service; upsertRoute, getRoute and deleteRoute by name", async () => {
    const svc = await createService(target, { name: "billing", host: "a.test" });
    const route = await createRoute(target, "billing", { name: "billing-v1", paths: ["/billing"], strip_path: false });
    expect(route).toMatchObject({ name: "billing-v1", service: { id: svc.id }, paths: ["/billing"], protocols: ["http", "https"], strip_path: false, methods: null });
    const up = await upsertRoute(target, "billing-v1", { paths: ["/billing", "/b"], service: { name: "billing" } });
    expect([up.id, up.paths, up.strip_path, up.service]).toEqual([route.id, ["/billing", "/b"], true, { id: svc.id }]);
    expect((await getRoute(target, route.id))?.name).toBe("billing-v1");
    await deleteRoute(target, "billing-v1");
    expect(await getRoute(target, "billing-v1")).toBeNull();
    await expect(createRoute(target, "nope", { paths: ["/"] })).rejects.toMatchObject({ status: 404 });
  });

  it("createPlugin globally or on a service or route; deletePlugin", async () => {
    await createService(target, { name: "billing", host: "a.test" });
    await createRoute(target, "billing", { name: "r", paths: ["/"] });
    const onService = await createPlugin(target, { name: "rate-limiting", config: { minute: 60 } }, { service: "billing" });
    expect(onService.config).toMatchObject({ minute: 60, policy: "local" });
    const onRoute = await createPlugin(target, { name: "key-auth", instance_name: "billing-auth" }, { route: "r" });
    expect([onRoute.route !== null, onRoute.service]).toEqual([true, null]);
    const global = await createPlugin(target, { name: "prometheus" });
    expect([global.service, global.route, global.consumer, global.enabled]).toEqual([null, null, null, true]);
    await expect(createPlugin(target, { name: "nope" })).rejects.toMatchObject({ code: 2, fields: { name: expect.stringContaining("not enabled") } });
    await deletePlugin(target, "billing-auth");
    expect(gw.store.list("plugins").map((p) => p.name).sort()).toEqual(["prometheus", "rate-limiting"]);
  });
});

describe("retry policy on writes", () => {
  it("POST is never retried, even on a 503", async () => {
    gw.faults.add({ method: "POST", pathPrefix: "/services", times: 1, action: { type: "status", status: 503 } });
    await expect(createService(target, { name: "once", host: "a.test" })).rejects.toMatchObject({ kind: "http", status: 503 });
    expect(gw.faults.requests.map((r) => r.method)).toEqual(["POST"]);
    expect((await createService(target, { name: "once", host: "a.test" })).name).toBe("once");
  });

  it("PUT and DELETE are retried after a 5xx or a dropped connection", async () => {
    gw.faults.add({ method: "PUT", pathPrefix: "/services/idem", times: 1, action: { type: "status", status: 502 } });
    gw.faults.add({ method: "DELETE", pathPrefix: "/services/idem", times: 1, action: { type: "reset" } });
    expect((await upsertService(target, "idem", { host: "a.test" })).name).toBe("idem");
    await deleteService(target, "idem");
    expect(gw.faults.requests.map((r) => r.method)).toEqual(["PUT", "PUT", "DELETE", "DELETE"]);
    expect(gw.store.get("services", "idem")).toBeNull();
  });
});

describe("logging", () => {
  it("logs requests with the gateway name and never the token", async () => {
    gw.faults.add({ method: "GET", times: 1, action: { type: "status", status: 500 } });
    await getService(target, "missing");
    const all = logLines.join("\n");
    expect(logLines.length).toBeGreaterThanOrEqual(2);
    expect(all).toContain('"gateway":"sandbox"');
    expect(all).not.toContain(TOKEN);
  });
});
