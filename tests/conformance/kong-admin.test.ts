// Kong Admin API conformance of the sandbox gateway, over HTTP with plain fetch: checklist items
// 1-11 of reference/kong-admin-api.md §13 and the conventions of §1, §4 and §5.
import { describe, expect, it } from "vitest";
import { sandboxGatewaySuite, defaultService, expectSeconds, expectUuid, rawRequest, UUID_RE } from "./kong-test-helpers";

const sandbox = sandboxGatewaySuite();
const api = sandbox.api;

describe("services (checklist 1-6)", () => {
  it("1: POST {host} gives 201 with every field, defaults and nulls; url is not echoed", async () => {
    const r = await api("POST", "/services", { host: "example.test" });
    expect(r.status).toBe(201);
    expect(r.body).toStrictEqual(defaultService("example.test"));
    const withUrl = await api("POST", "/services", { name: "billing", url: "http://billing.internal:8080/v1", tags: ["team-a"] });
    expect(withUrl.body).toStrictEqual({
      ...defaultService("billing.internal"), name: "billing", port: 8080, path: "/v1", tags: ["team-a"],
    });
    expect("url" in withUrl.body).toBe(false);
  });

  it("2: url shorthand sets protocol, port and path; PATCH with a path-less url clears path", async () => {
    const created = await api("POST", "/services", { name: "s", url: "https://x/" });
    expect([created.body.protocol, created.body.port, created.body.path, created.body.host]).toEqual(["https", 443, "/", "x"]);
    const patched = await api("PATCH", "/services/s", { url: "http://x" });
    expect(patched.status).toBe(200);
    expect([patched.body.protocol, patched.body.port, patched.body.path]).toEqual(["http", 80, null]);
    const a = await api("PATCH", "/services/s", { url: "http://example.test:443" });
    expect([a.body.protocol, a.body.port, a.body.path]).toEqual(["http", 443, null]);
    const b = await api("PATCH", "/services/s", { url: "https://example2.test:80/" });
    expect([b.body.protocol, b.body.port, b.body.path]).toEqual(["https", 80, "/"]);
    const bad = await api("POST", "/services", { url: "invalid url" });
    expect(bad.status).toBe(400);
    expect(bad.body).toStrictEqual({
      code: 2, name: "schema violation",
      message: "2 schema violations (host: required field missing; path: should start with: /)",
      fields: { host: "required field missing", path: "should start with: /" },
    });
  });

  it("3: a second service with the same name is a 409 with Kong's exact body", async () => {
    await api("POST", "/services", { name: "billing", host: "a" });
    const r = await api("POST", "/services", { name: "billing", host: "b" });
    expect(r.status).toBe(409);
    expect(r.text).toBe(JSON.stringify({
      code: 5, name: "unique constraint violation",
      message: "UNIQUE violation detected on '{name=\"billing\"}'", fields: { name: "billing" },
    }));
  });

  it("4: POST {} is a schema violation on host; other field rules give Kong's messages", async () => {
    const r = await api("POST", "/services", {});
    expect(r.status).toBe(400);
    expect(r.body).toStrictEqual({
      code: 2, name: "schema violation", message: "schema violation (host: required field missing)",
      fields: { host: "required field missing" },
    });
    const name = await api("POST", "/services", { name: "bad name!", host: "x" });
    expect(name.body.fields).toEqual({
      name: "invalid value 'bad name!': the only accepted ascii characters are alphanumerics or ., -, _, and ~",
    });
    const port = await api("POST", "/services", { host: "x:80", port: 70000, foo: 1 });
    expect(port.body.message).toBe("3 schema violations (foo: unknown field; host: must not have a port; port: value should be between 0 and 65535)");
    const dupId = await api("POST", "/services", { host: "x" });
    const again = await api("POST", "/services", { id: dupId.body.id, host: "y" });
    expect(again.status).toBe(400);
    expect(again.body).toStrictEqual({
      code: 3, name: "primary key violation", message: `primary key violation on key '{id="${dupId.body.id}"}'`,
      fields: { id: dupId.body.id },
    });
  });

  it("5: GET by name and by id give the same entity; utf-8 names work percent-escaped; unknown is 404", async () => {
    const created = (await api("POST", "/services", { name: "billing", host: "a" })).body;
    expect((await api("GET", "/services/billing")).body).toStrictEqual(created);
    expect((await api("GET", `/services/${created.id}`)).body).toStrictEqual(created);
    await api("POST", "/services", { name: "円", host: "a" });
    expect((await api("GET", "/services/%E5%86%86")).body.name).toBe("円");
    const missing = await api("GET", "/services/nope");
    expect([missing.status, missing.text]).toEqual([404, '{"message":"Not found"}']);
  });

  it("6: DELETE of a missing service is 204; a service with routes is a 400 foreign key violation", async () => {
    const gone = await api("DELETE", "/services/nope");
    expect([gone.status, gone.text]).toEqual([204, ""]);
    expect((await api("DELETE", "/services/00000000-0000-4000-8000-000000000000")).status).toBe(204);
    await api("POST", "/services", { name: "billing", host: "a" });
    await api("POST", "/services/billing/routes", { name: "r", paths: ["/x"] });
    const r = await api("DELETE", "/services/billing");
    expect(r.status).toBe(400);
    expect(r.body).toStrictEqual({
      code: 4, name: "foreign key violation", message: "an existing 'routes' entity references this 'services' entity",
      fields: { "@referenced_by": "routes" },
    });
    expect((await api("DELETE", "/routes/r")).status).toBe(204);
    expect((await api("DELETE", "/services/billing")).status).toBe(204);
    expect((await api("GET", "/services/billing")).status).toBe(404);
  });
});

describe("routes (checklist 7-11)", () => {
  it("7: nested POST binds the route to the service from the URL; missing parent is 404", async () => {
    const svc = (await api("POST", "/services", { name: "billing", host: "a" })).body;
    const other = (await api("POST", "/services", { name: "other", host: "b" })).body;
    const r = await api("POST", "/services/billing/routes", { name: "billing-v1", paths: ["/billing"], service: { id: other.id } });
    expect(r.status).toBe(201);
    expect(r.body).toStrictEqual({
      id: expectUuid(), created_at: expectSeconds(), updated_at: expectSeconds(), name: "billing-v1",
      protocols: ["http", "https"], https_redirect_status_code: 426, strip_path: true, preserve_host: false,
      request_buffering: true, response_buffering: true, tags: null, service: { id: svc.id }, snis: null,
      sources: null, destinations: null, methods: null, hosts: null, paths: ["/billing"], headers: null,
      regex_priority: 0, path_handling: "v0",
    });
    expect((await api("POST", "/services/nope/routes", { paths: ["/x"] })).status).toBe(404);
    expect((await api("GET", "/services/nope/routes")).status).toBe(404);
    const listed = await api("GET", `/services/${svc.id}/routes`);
    expect(listed.body).toStrictEqual({ data: [r.body], next: null });
    expect((await api("GET", "/services/other/routes/billing-v1")).status).toBe(404);
    expect((await api("GET", "/services/billing/routes/billing-v1")).body.id).toBe(r.body.id);
    expect((await api("GET", `/routes/${r.body.id}/service`)).body).toStrictEqual(svc);
    expect((await api("DELETE", `/routes/${r.body.id}/service`)).status).toBe(405);
  });

  it("8: a route without matching fields is an @entity violation; bad paths have Kong's message", async () => {
    const empty = await api("POST", "/routes", {});
    expect(empty.status).toBe(400);
    const msg = "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'";
    expect(empty.body).toStrictEqual({ code: 2, name: "schema violation", message: `schema violation (${msg})`, fields: { "@entity": [msg] } });
    const httpOnly = await api("POST", "/routes", { protocols: ["http"] });
    expect(httpOnly.body.fields["@entity"]).toEqual(["must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'"]);
    const path = await api("POST", "/routes", { paths: ["x"] });
    expect(path.body).toStrictEqual({
      code: 2, name: "schema violation",
      message: "schema violation (paths.1: should start with: / (fixed path) or ~/ (regex path))",
      fields: { paths: ["should start with: / (fixed path) or ~/ (regex path)"] },
    });
    const proto = await api("POST", "/routes", { protocols: ["foo"], paths: ["/"] });
    expect(proto.body.message).toBe("schema violation (protocols.1: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp)");
  });

  it("9: foreign keys: unknown name is code 13, unknown id code 4, no key 'missing primary key'", async () => {
    const byName = await api("POST", "/routes", { service: { name: "nope" }, paths: ["/"] });
    expect(byName.status).toBe(400);
    const why = "the foreign key cannot be resolved with '{name=\"nope\"}' for an existing 'services' entity";
    expect(byName.body).toStrictEqual({
      code: 13, name: "foreign keys unresolved", message: `foreign key unresolved (service.name: ${why})`,
      fields: { service: { name: why } },
    });
    const id = "11111111-2222-4333-8444-555555555555";
    const byId = await api("POST", "/routes", { service: { id }, paths: ["/"] });
    expect(byId.body).toStrictEqual({
      code: 4, name: "foreign key violation",
      message: `the foreign key '{id="${id}"}' does not reference an existing 'services' entity.`, fields: { service: { id } },
    });
    const noKey = await api("POST", "/routes", { service: { protocol: "http" }, paths: ["/"] });
    expect(noKey.body.message).toBe("schema violation (service.id: missing primary key)");
    await api("POST", "/services", { name: "billing", host: "a" });
    const ok = await api("POST", "/routes", { service: { name: "billing" }, paths: ["/"] });
    expect(ok.status).toBe(201);
    expect(ok.body.service).toEqual({ id: expect.stringMatching(UUID_RE) });
  });

  it("10: PUT upserts with 200, by name or by id; left-out fields return to defaults", async () => {
    const byName = await api("PUT", "/routes/my-route", { paths: ["/a"], strip_path: false });
    expect([byName.status, byName.body.name, byName.body.strip_path]).toEqual([200, "my-route", false]);
    const replaced = await api("PUT", "/routes/my-route", { paths: ["/b"] });
    expect([replaced.body.id, replaced.body.paths, replaced.body.strip_path]).toEqual([byName.body.id, ["/b"], true]);
    const id = "6f3a9a0e-4c1b-4f7e-9a51-2b8f0c3d4e5a";
    const byId = await api("PUT", `/routes/${id}`, { name: "by-id", hosts: ["a.test"] });
    expect([byId.status, byId.body.id, byId.body.name]).toEqual([200, id, "by-id"]);
    const clash = await api("PUT", `/routes/${id}`, { name: "my-route", hosts: ["a.test"] });
    expect(clash.status).toBe(409);
    const svc = await api("PUT", "/services/billing", { host: "billing.internal" });
    expect([svc.status, svc.body.name, svc.body.host]).toEqual([200, "billing", "billing.internal"]);
  });

  it("11: PATCH: null unlinks the service, [] stays [], arrays are replaced; missing is 404", async () => {
    await api("POST", "/services", { name: "billing", host: "a" });
    const r = (await api("POST", "/services/billing/routes", { name: "r", paths: ["/x", "/y"], methods: ["GET"], tags: ["a", "b"] })).body;
    const p = await api("PATCH", `/routes/${r.id}`, { service: null, methods: [], tags: ["c"] });
    expect(p.status).toBe(200);
    expect([p.body.service, p.body.methods, p.body.tags, p.body.paths]).toEqual([null, [], ["c"], ["/x", "/y"]]);
    expect(p.body.updated_at).toBeGreaterThanOrEqual(r.updated_at);
    expect((await api("GET", `/routes/${r.id}/service`)).status).toBe(404);
    expect((await api("PATCH", "/routes/nope", { paths: ["/"] })).status).toBe(404);
    const cleared = await api("PATCH", "/routes/r", { paths: null });
    expect(cleared.body.message).toMatch(/must set one of/);
    const dedup = await api("PATCH", "/routes/r", { tags: ["t", "t", "u"], hosts: ["h.test", "h.test"] });
    expect([dedup.body.tags, dedup.body.hosts]).toEqual([["t", "u"], ["h.test", "h.test"]]);
  });
});

describe("conventions (§1, §4)", () => {
  it("unknown paths are 404, wrong methods 405, OPTIONS lists the methods", async () => {
    expect(await api("GET", "/nope").then((r) => [r.status, r.text])).toEqual([404, '{"message":"Not found"}']);
    expect(await api("GET", "/default/services").then((r) => r.status)).toBe(404);
    expect(await api("PUT", "/services", {}).then((r) => [r.status, r.text])).toEqual([405, '{"message":"Method not allowed"}']);
    expect(await api("POST", "/services/x", {}).then((r) => r.status)).toBe(405);
    const coll = await api("OPTIONS", "/services");
    expect([coll.status, coll.headers.get("allow"), coll.headers.get("access-control-allow-origin")]).toEqual([204, "GET, HEAD, OPTIONS, POST", "*"]);
    expect(coll.headers.get("x-kong-admin-latency")).toMatch(/^\d+$/);
    const entity = await api("OPTIONS", "/routes/x");
    expect(entity.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
    const head = await api("HEAD", "/services");
    expect([head.status, head.text, head.headers.get("content-type")]).toEqual([200, "", "application/json; charset=utf-8"]);
  });

  it("a trailing slash resolves; unknown query parameters are ignored", async () => {
    expect((await api("POST", "/services/", { host: "a" })).status).toBe(201);
    expect((await api("GET", "/services/?foo=bar")).body.data).toHaveLength(1);
    sandbox.gw.store.clear();
    expect((await api("GET", "/services?foo=bar")).text).toBe('{"data":[],"next":null}');
  });

  it("bodies: 415 for other types, 400 for bad JSON, form-urlencoded and multipart are typed by the schema", async () => {
    const text = await api("POST", "/services", undefined, { raw: "host=a", contentType: "text/plain" });
    expect([text.status, text.text]).toEqual([415, ""]);
    const noType = await rawRequest(sandbox.gw.url, "POST", "/services", "host=a", [["Content-Length", "6"]]);
    expect([noType.status, noType.text]).toEqual([415, ""]);
    const twice = await rawRequest(sandbox.gw.url, "POST", "/services", "{}", [["Content-Type", "application/json"], ["Content-Type", "application/json"]]);
    expect(twice.status).toBe(400);
    const bad = await api("POST", "/services", undefined, { raw: '{"host": "a"' });
    expect([bad.status, bad.text]).toEqual([400, '{"message":"Cannot parse JSON body"}']);
    const form = await api("POST", "/services", undefined, {
      raw: "name=f&host=f.test&port=8080&enabled=false&tags[]=a&tags[]=b", contentType: "application/x-www-form-urlencoded",
    });
    expect([form.status, form.body.port, form.body.enabled, form.body.tags]).toEqual([201, 8080, false, ["a", "b"]]);
    const route = await api("POST", "/routes", undefined, {
      raw: "paths=/one&paths=/two&service.name=f&regex_priority=3", contentType: "application/x-www-form-urlencoded",
    });
    expect([route.status, route.body.paths, route.body.service.id, route.body.regex_priority]).toEqual([201, ["/one", "/two"], form.body.id, 3]);
    const boundary = "XyZ";
    const multipart = [`--${boundary}`, 'Content-Disposition: form-data; name="host"', "", "m.test", `--${boundary}--`, ""].join("\r\n");
    const mp = await api("POST", "/services", undefined, { raw: multipart, contentType: `multipart/form-data; boundary=${boundary}` });
    expect([mp.status, mp.body.host]).toEqual([201, "m.test"]);
    const empty = await rawRequest(sandbox.gw.url, "POST", "/services", "");
    expect([empty.status, JSON.parse(empty.text).fields]).toEqual([400, { host: "required field missing" }]);
  });

  it("timestamps are integer seconds; PATCH moves updated_at, keeps created_at", async () => {
    const before = Math.floor(Date.now() / 1000);
    const s = (await api("POST", "/services", { name: "t", host: "a" })).body;
    expect(Number.isInteger(s.created_at) && s.created_at >= before && s.created_at <= before + 5).toBe(true);
    const p = (await api("PATCH", "/services/t", { retries: 1 })).body;
    expect([p.created_at, p.retries]).toEqual([s.created_at, 1]);
  });

  it("deleting a service or route cascades to its plugins", async () => {
    await api("POST", "/services", { name: "s", host: "a" });
    const route = (await api("POST", "/services/s/routes", { name: "r", paths: ["/"] })).body;
    await api("POST", "/services/s/plugins", { name: "key-auth" });
    await api("POST", "/routes/r/plugins", { name: "cors" });
    await api("POST", "/plugins", { name: "prometheus" });
    expect((await api("GET", "/plugins")).body.data).toHaveLength(3);
    await api("DELETE", `/routes/${route.id}`);
    expect((await api("GET", "/plugins")).body.data.map((p: { name: string }) => p.name).sort()).toEqual(["key-auth", "prometheus"]);
    await api("DELETE", "/services/s");
    expect((await api("GET", "/plugins")).body.data.map((p: { name: string }) => p.name)).toEqual(["prometheus"]);
  });
});
