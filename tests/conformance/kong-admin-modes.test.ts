// Conformance of the sandbox gateway's toggles, checklist items 17-18 (reference §9, §10, §13):
// DB-less mode and POST /config, enterprise workspaces, the RBAC token, and state persistence.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { type SandboxGateway, startSandboxGateway } from "../../lib/sandbox/kong/index";
import { adminApi } from "./kong-test-helpers";

const unsupported = (message: string) => ({ code: 12, name: "operation unsupported", message });

describe("DB-less mode (checklist 17)", () => {
  let gw: SandboxGateway;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    gw = await startSandboxGateway({ mode: "dbless" });
    api = adminApi(gw.url);
  });
  afterAll(() => gw.stop());
  beforeEach(() => gw.store.clear());

  const config = {
    _format_version: "3.0",
    services: [{
      name: "foo-namespace.foo-svc.8000", url: "http://foo-svc.foo-namespace.8000.svc:8000", tags: ["k8s-kind:Service"],
      routes: [{ name: "foo-namespace.foo.foo-svc.example.net.8000", paths: ["/foo"], plugins: [{ name: "key-auth" }] }],
      plugins: [{ name: "rate-limiting", config: { minute: 5 } }],
    }],
    routes: [{ name: "top", service: "foo-namespace.foo-svc.8000", hosts: ["top.test"] }],
    upstreams: [{ name: "foo-svc.foo-namespace.8000.svc", targets: [{ target: "10.0.0.1:8000" }, { target: "10.0.0.2" }] }],
  };

  it("17: writes are 405 code 12 with the off strategy's messages (after validation)", async () => {
    const post = await api("POST", "/routes", { protocols: ["http"], hosts: ["my.route.com"], service: { id: "11111111-2222-4333-8444-555555555555" } });
    expect([post.status, post.body]).toEqual([405, unsupported("cannot create 'routes' entities when not using a database")]);
    const invalid = await api("POST", "/services", {});
    expect([invalid.status, invalid.body.code]).toEqual([400, 2]);
    const putId = await api("PUT", "/routes/11111111-2222-4333-8444-555555555555", { paths: ["/"] });
    expect(putId.body).toStrictEqual(unsupported("cannot create or update 'routes' entities when not using a database"));
    const putName = await api("PUT", "/services/s", { host: "h.test" });
    expect(putName.body).toStrictEqual(unsupported("cannot create or update 'services' entities by 'name' when not using a database"));
    gw.store.insert("services", { name: "seeded", host: "h.test" });
    const patch = await api("PATCH", "/services/seeded", { retries: 1 });
    expect([patch.status, patch.body]).toEqual([405, unsupported("cannot update 'services' entities by 'name' when not using a database")]);
    expect((await api("PATCH", "/services/missing", { retries: 1 })).status).toBe(404);
    const del = await api("DELETE", "/services/seeded");
    expect([del.status, del.body]).toEqual([405, unsupported("cannot remove 'services' entities by 'name' when not using a database")]);
    expect((await api("DELETE", "/services/missing")).status).toBe(204);
    const noMethod = await api("DELETE", "/routes", {});
    expect([noMethod.status, noMethod.body]).toEqual([405, { message: "Method not allowed" }]);
    const root = await api("GET", "/");
    expect(root.body.configuration.database).toBe("off");
  });

  it("17: POST /config replaces everything with UUIDv5 ids; reads work; GET /config returns YAML", async () => {
    gw.store.insert("services", { name: "old", host: "old.test" });
    const r = await api("POST", "/config", config);
    expect(r.status).toBe(201);
    // Golden ids from KIC's testdata (ingress-v1-multiple-ports-for-one-service), made the same way.
    expect(Object.keys(r.body.services)).toEqual(["8c1ded2c-3f68-5845-bc85-f4c4c318829a"]);
    expect(r.body.routes["2bd1c902-4d3c-50ed-9a78-f698cfa0cf37"].service).toEqual({ id: "8c1ded2c-3f68-5845-bc85-f4c4c318829a" });
    expect((await api("GET", "/services/old")).status).toBe(404);
    const svc = await api("GET", "/services/foo-namespace.foo-svc.8000");
    expect([svc.body.id, svc.body.port, svc.body.host]).toEqual(["8c1ded2c-3f68-5845-bc85-f4c4c318829a", 8000, "foo-svc.foo-namespace.8000.svc"]);
    expect((await api("GET", "/services/foo-namespace.foo-svc.8000/routes")).body.data).toHaveLength(2);
    const plugins = (await api("GET", "/plugins")).body.data;
    expect(plugins.map((p: { name: string }) => p.name).sort()).toEqual(["key-auth", "rate-limiting"]);
    const targets = (await api("GET", "/upstreams/foo-svc.foo-namespace.8000.svc/targets")).body.data;
    expect(targets.map((t: { target: string }) => t.target).sort()).toEqual(["10.0.0.1:8000", "10.0.0.2:8000"]);
    const exported = YAML.parse((await api("GET", "/config")).body.config);
    expect(exported._format_version).toBe("3.0");
    expect(exported.routes.map((x: { service: string }) => x.service)).toEqual(["8c1ded2c-3f68-5845-bc85-f4c4c318829a", "8c1ded2c-3f68-5845-bc85-f4c4c318829a"]);
  });

  it("17: ?check_hash=1 with the same config string is 304; configuration_hash tracks it; YAML and `config` strings load", async () => {
    expect((await api("GET", "/status")).body.configuration_hash).toBe("0".repeat(32));
    const asString = { config: JSON.stringify(config) };
    expect((await api("POST", "/config?check_hash=1", asString)).status).toBe(201);
    const hash = (await api("GET", "/status")).body.configuration_hash;
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(hash).not.toBe("0".repeat(32));
    const same = await api("POST", "/config?check_hash=1", asString);
    expect([same.status, same.text]).toEqual([304, ""]);
    // config.lua hydrate_config_from_request: a body that is the config itself has no hash to
    // compare, so Kong loads it again (201), as in spec 15-off_spec "returns 304" (config string only)
    expect((await api("POST", "/config?check_hash=1", config)).status).toBe(201);
    expect((await api("POST", "/config", config)).status).toBe(201);
    const yaml = await api("POST", "/config", undefined, {
      raw: "_format_version: '3.0'\nservices:\n- name: y\n  host: y.test\n", contentType: "application/yaml",
    });
    expect(yaml.status).toBe(201);
    expect((await api("GET", "/services")).body.data.map((s: { name: string }) => s.name)).toEqual(["y"]);
    const str = await api("POST", "/config", { config: JSON.stringify({ _format_version: "3.0", upstreams: [{ name: "u" }] }) });
    expect(str.status).toBe(201);
    expect((await api("GET", "/services")).body.data).toEqual([]);
  });

  it("invalid configurations are 400 code 14 with Kong's messages", async () => {
    const v = await api("POST", "/config", { config: "_format_version: \"3.0\"\nservices:\n- port: -12\n" });
    expect(v.status).toBe(400);
    expect(v.body).toStrictEqual({
      code: 14, name: "invalid declarative configuration",
      message: "declarative config is invalid: {services={{host=\"required field missing\",port=\"value should be between 0 and 65535\"}}}",
      fields: { services: [{ host: "required field missing", port: "value should be between 0 and 65535" }] },
    });
    const notObject = await api("POST", "/config", { config: "bobby tables" });
    expect(notObject.body).toStrictEqual({
      code: 14, name: "invalid declarative configuration",
      message: "declarative config is invalid: {error=\"failed parsing declarative configuration: expected an object\"}",
      fields: { error: "failed parsing declarative configuration: expected an object" },
    });
    const ref = await api("POST", "/config", { _format_version: "3.0", routes: [{ name: "r", service: "nope", paths: ["/"] }] });
    expect(ref.body.fields).toEqual({ routes: { r: ["invalid reference 'service: nope' (no such entry in 'services')"] } });
    const none = await api("POST", "/config");
    expect([none.status, none.body]).toEqual([400, { message: "expected a declarative configuration" }]);
  });

  it("filter chain endpoints answer 400 when wasm is off (kong/api/routes/filter_chains.lua), in both modes", async () => {
    const db = await startSandboxGateway();
    try {
      for (const target of [gw.url, db.url]) {
        for (const [method, path] of [["GET", "/filter-chains"], ["GET", "/filter-chains/x/route"], ["POST", "/services/s/filter-chains"], ["GET", "/routes/r/filters/enabled"]]) {
          const r = await adminApi(target)(method, path, method === "POST" ? {} : undefined);
          expect([r.status, r.body], `${method} ${path}`).toEqual([400, { message: "this endpoint is only available when wasm is enabled" }]);
        }
      }
      expect((await adminApi(gw.url)("GET", "/routes/r/filters/other")).status).toBe(404);
    } finally {
      await db.stop();
    }
  });

  it("/config on a DB-backed node is 400", async () => {
    const db = await startSandboxGateway();
    try {
      const r = await adminApi(db.url)("POST", "/config", config);
      expect([r.status, r.body]).toEqual([400, { message: "this endpoint is only available when Kong is configured to not use a database" }]);
    } finally {
      await db.stop();
    }
  });
});

describe("enterprise edition and RBAC (checklist 18)", () => {
  let gw: SandboxGateway;
  const token = "s3cret-rbac-token";
  beforeAll(async () => {
    gw = await startSandboxGateway({ edition: "enterprise", rbacToken: token });
  });
  afterAll(() => gw.stop());

  it("18: without the right Kong-Admin-Token every request is 401", async () => {
    const none = await adminApi(gw.url)("GET", "/services");
    expect(none.status).toBe(401);
    expect(typeof none.body.message).toBe("string");
    expect((await adminApi(gw.url, { "Kong-Admin-Token": "wrong" })("GET", "/")).status).toBe(401);
    expect((await adminApi(gw.url, { "Kong-Admin-Token": token })("GET", "/services")).status).toBe(200);
  });

  it("18: /{workspace} prefixes give isolated stores; names are unique per workspace", async () => {
    const api = adminApi(gw.url, { "Kong-Admin-Token": token });
    const root = await api("GET", "/");
    expect([root.body.version, root.body.edition]).toEqual(["3.9.1.0", "enterprise"]);
    const a = await api("POST", "/team-a/services", { name: "billing", host: "a.test" });
    const b = await api("POST", "/team-b/services", { name: "billing", host: "b.test" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.ws_id).not.toBe(b.body.ws_id);
    expect((await api("POST", "/team-a/services", { name: "billing", host: "c.test" })).status).toBe(409);
    expect((await api("GET", "/team-b/services/billing")).body.host).toBe("b.test");
    expect((await api("GET", "/services/billing")).status).toBe(404);
    expect((await api("GET", "/services")).body.data).toEqual([]);
    for (let i = 0; i < 3; i++) await api("POST", "/team-a/services", { host: "x.test" });
    const page = await api("GET", "/team-a/services?size=2");
    expect(page.body.next).toBe(`/team-a/services?offset=${encodeURIComponent(page.body.offset)}&size=2`);
    expect(gw.store.list("services", { workspace: "team-a" })).toHaveLength(4);
  });
});

describe("state file", () => {
  it("persists on stop (and shortly after writes) and loads on start", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-kong-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startSandboxGateway({ stateFile });
      const api = adminApi(first.url);
      const svc = (await api("POST", "/services", { name: "kept", host: "k.test" })).body;
      await expect.poll(async () => (await readFile(stateFile, "utf8").catch(() => "")).includes("kept")).toBe(true);
      await api("POST", "/services/kept/routes", { name: "kept-route", paths: ["/"] });
      await first.stop();
      const second = await startSandboxGateway({ stateFile });
      try {
        const api2 = adminApi(second.url);
        expect((await api2("GET", "/services/kept")).body).toStrictEqual(svc);
        expect((await api2("GET", "/routes/kept-route")).body.service).toEqual({ id: svc.id });
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
