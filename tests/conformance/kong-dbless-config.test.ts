// DB-less mode as Kong 3 runs it under the Kong Ingress Controller: GET / and /status report it,
// Admin API writes are refused with the off strategy's errors, and POST /config loads every kind
// the controller produces (consumers with credentials, certificates with SNIs, upstreams with
// targets, services with routes and plugins), or answers flatten_errors=1 with Kong's
// flattened_errors (cases from Kong's spec 15-off_spec "sanity").
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { adminApi } from "./kong-test-helpers";

function selfSigned(host: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dbless-tls-"));
  spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "2", "-subj", `/CN=${host}`], { cwd: dir });
  const out = { cert: fs.readFileSync(path.join(dir, "c.pem"), "utf8"), key: fs.readFileSync(path.join(dir, "k.pem"), "utf8") };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

describe("DB-less sandbox gateway", () => {
  let gateway: SandboxGateway;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    gateway = await startSandboxGateway({ port: 0, mode: "dbless" });
    api = adminApi(gateway.url);
  });
  afterAll(async () => gateway?.stop());

  it("reports database off, the router flavor, and a configuration hash instead of the database", async () => {
    const root = (await api("GET", "/")).body;
    expect(root.configuration).toMatchObject({ database: "off", router_flavor: "traditional_compatible" });
    const status = (await api("GET", "/status")).body;
    expect(status.database).toBeUndefined();
    expect(status.configuration_hash).toBe("0".repeat(32));
  });

  it("refuses writes of every kind the way the off strategy does", async () => {
    const post = await api("POST", "/consumers", { username: "x" });
    expect([post.status, post.body]).toEqual([405, { code: 12, name: "operation unsupported", message: "cannot create 'consumers' entities when not using a database" }]);
    expect((await api("PUT", "/certificates/6f0f6b4e-8a4b-4c1e-9d7e-3b2a1c0d9e8f", selfSigned("a.example"))).body.message)
      .toBe("cannot create or update 'certificates' entities when not using a database");
  });

  it("loads consumers with credentials, certificates with SNIs, upstreams with targets, services with routes and plugins", async () => {
    const tls = selfSigned("secure.shop.example");
    const config = {
      _format_version: "3.0",
      services: [{ name: "orders", host: "orders.internal", routes: [{ name: "orders", paths: ["/orders"], plugins: [{ name: "key-auth" }] }] }],
      upstreams: [{ name: "orders.internal", targets: [{ target: "10.244.0.7:8080" }] }],
      consumers: [{ username: "alice", keyauth_credentials: [{ key: "alice-key" }], acls: [{ group: "gold" }], plugins: [{ name: "rate-limiting", config: { minute: 5 } }] }],
      certificates: [{ id: "6f0f6b4e-8a4b-4c1e-9d7e-3b2a1c0d9e8f", ...tls, snis: [{ name: "secure.shop.example" }] }],
    };
    const res = await api("POST", "/config?check_hash=1&flatten_errors=1", config);
    expect(res.status, res.text).toBe(201);
    expect((await api("GET", "/consumers/alice/key-auth")).body.data.map((k: { key: string }) => k.key)).toEqual(["alice-key"]);
    expect((await api("GET", "/consumers/alice/acls/gold")).body.group).toBe("gold");
    expect((await api("GET", "/consumers/alice/plugins")).body.data[0].config.minute).toBe(5);
    expect((await api("GET", "/certificates/secure.shop.example")).body.snis).toEqual(["secure.shop.example"]);
    expect((await api("GET", "/upstreams/orders.internal/targets")).body.data[0].target).toBe("10.244.0.7:8080");
    expect((await api("GET", "/status")).body.configuration_hash).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
  });

  it("answers an invalid config with flattened_errors, one entry per offending entity", async () => {
    const before = (await api("GET", "/status")).body.configuration_hash;
    const config = {
      _format_version: "3.0",
      consumers: [
        { username: "valid_user", tags: ["consumer-01"] },
        { username: "bobby_in_json_body", not_allowed: true, tags: ["consumer-02"] },
        { username: "credentials", tags: ["consumer-03"], basicauth_credentials: [
          { username: "superduper", password: "hard2guess", tags: ["basicauth_credentials-01", "consumer-03"] },
          { username: "dont-add-extra-fields-yo", password: "12354", extra_field: "NO!", tags: ["basicauth_credentials-02", "consumer-03"] },
        ] },
      ],
      services: [{
        name: "nope", host: "localhost", port: 1234, protocol: "nope", tags: ["service-01"],
        routes: [
          { name: "valid.route", protocols: ["http", "https"], methods: ["GET"], hosts: ["test"], tags: ["route_service-01", "service-01"] },
          { name: "nope.route", protocols: ["tcp"], tags: ["route_service-02", "service-01"] },
        ],
      }],
    };
    const res = await api("POST", "/config?flatten_errors=1", config);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 14, name: "invalid declarative configuration", message: "declarative config is invalid: {}", fields: {} });
    const byTag = Object.fromEntries((res.body.flattened_errors as { entity_tags: string[] }[]).map((e) => [e.entity_tags[0], e]));
    expect(Object.keys(byTag).sort()).toEqual(["basicauth_credentials-02", "consumer-02", "route_service-02", "service-01"]);
    expect(byTag["basicauth_credentials-02"]).toEqual({
      entity: { extra_field: "NO!", password: "12354", tags: ["basicauth_credentials-02", "consumer-03"], username: "dont-add-extra-fields-yo" },
      entity_tags: ["basicauth_credentials-02", "consumer-03"], entity_type: "basicauth_credential",
      errors: [{ field: "extra_field", message: "unknown field", type: "field" }],
    });
    expect(byTag["consumer-02"]).toMatchObject({ entity_type: "consumer", errors: [{ field: "not_allowed", message: "unknown field", type: "field" }] });
    expect(byTag["route_service-02"]).toEqual({
      entity: { name: "nope.route", protocols: ["tcp"], tags: ["route_service-02", "service-01"] },
      entity_name: "nope.route", entity_tags: ["route_service-02", "service-01"], entity_type: "route",
      errors: [{ message: "must set one of 'sources', 'destinations', 'snis' when 'protocols' is 'tcp', 'tls' or 'udp'", type: "entity" }],
    });
    expect(byTag["service-01"]).toEqual({
      entity: { host: "localhost", name: "nope", port: 1234, protocol: "nope", tags: ["service-01"] },
      entity_name: "nope", entity_tags: ["service-01"], entity_type: "service",
      errors: [{ field: "protocol", message: "expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp", type: "field" }],
    });
    // the last good configuration stays loaded
    expect((await api("GET", "/status")).body.configuration_hash).toBe(before);
    expect((await api("GET", "/consumers/alice")).status).toBe(200);
  });

  it("flattens nested, non-entity field errors (Kong's spec case: an upstream's healthchecks)", async () => {
    const upstream = {
      name: "bad", tags: ["upstream-01"], hash_on: "ip", host_header: 123,
      healthchecks: { active: { type: "http", http_path: "/", https_verify_certificate: true, https_sni: "example.com", timeout: 1, concurrency: -1,
        healthy: { interval: 0, successes: 0 }, unhealthy: { interval: 0, http_failures: 0 } } },
    };
    const res = await api("POST", "/config?flatten_errors=1", { _format_version: "3.0", upstreams: [upstream] });
    expect(res.body.flattened_errors).toEqual([{
      entity_type: "upstream", entity_name: "bad", entity_tags: ["upstream-01"], entity: upstream,
      errors: [
        { field: "healthchecks.active.concurrency", message: "value should be between 1 and 2147483648", type: "field" },
        { field: "host_header", message: "expected a string", type: "field" },
      ],
    }]);
  });

  it("without flatten_errors the nested errors are in `fields`", async () => {
    const res = await api("POST", "/config", { _format_version: "3.0", services: [{ name: "x" }] });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual({ services: [{ host: "required field missing" }] });
    expect(res.body.flattened_errors).toBeUndefined();
  });

  it("the same target address under two upstreams is two targets (ids from the cache key upstream + target, as get_key_for_uuid_gen)", async () => {
    const config = { _format_version: "3.0", upstreams: ["a.internal", "b.internal"].map((name) => ({ name, targets: [{ target: "10.244.0.9:80" }] })) };
    const r = await api("POST", "/config", config);
    expect(r.status, r.text).toBe(201);
    const a = (await api("GET", "/upstreams/a.internal/targets")).body.data[0];
    const b = (await api("GET", "/upstreams/b.internal/targets")).body.data[0];
    expect([a.target, b.target]).toEqual(["10.244.0.9:80", "10.244.0.9:80"]);
    expect(a.id).not.toBe(b.id);
  });
});
