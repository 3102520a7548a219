// Conformance of the sandbox gateway, checklist items 12-16 (reference §13): pagination and its
// errors, tag filters, upstreams and targets, plugins, /tags, GET / and /status.
import { describe, expect, it } from "vitest";
import { sandboxGatewaySuite, expectUuid } from "./kong-test-helpers";

const sandbox = sandboxGatewaySuite();
const api = sandbox.api;

const b64 = (s: string) => Buffer.from(s).toString("base64").replace(/=+$/, "");
const ids = (r: { body: { data: { id: string }[] } }) => r.body.data.map((e) => e.id);

function seedServices(n: number, tags: (i: number) => string[] | undefined = () => undefined) {
  for (let i = 0; i < n; i++) sandbox.gw.store.insert("services", { name: `svc-${String(i).padStart(4, "0")}`, host: "h.test", tags: tags(i) });
  return sandbox.gw.store.list("services").map((s) => s.id);
}

describe("pagination (checklist 12-13)", () => {
  it("12: 10 services with size=3 give 3/3/3/1 pages ordered by id; next carries size; last page has no offset", async () => {
    const all = seedServices(10);
    expect(all).toEqual([...all].sort());
    const pages: string[][] = [];
    let path: string | null = "/services?size=3";
    while (path) {
      const r = await api("GET", path);
      expect(r.status).toBe(200);
      pages.push(ids(r));
      if (r.body.next) {
        const last = r.body.data[r.body.data.length - 1].id;
        expect(r.body.offset).toBe(b64(JSON.stringify([last])));
        expect(r.body.next).toBe(`/services?offset=${encodeURIComponent(r.body.offset)}&size=3`);
      } else {
        expect("offset" in r.body).toBe(false);
        expect(r.body.next).toBeNull();
      }
      path = r.body.next;
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat()).toEqual(all);
  });

  it("default size is 100; the offset field alone (go-kong style) pages too", async () => {
    const all = seedServices(150);
    const first = await api("GET", "/services");
    expect(first.body.data).toHaveLength(100);
    expect(first.body.next).toBe(`/services?offset=${encodeURIComponent(first.body.offset)}`);
    const second = await api("GET", `/services?offset=${encodeURIComponent(first.body.offset)}`);
    expect([...ids(first), ...ids(second)]).toEqual(all);
    expect(second.body.next).toBeNull();
  });

  it("2,500 services at size=1000 come in 3 pages, by id, none missing, none twice", async () => {
    const all = seedServices(2500);
    const seen: string[] = [];
    let offset: string | undefined;
    let pages = 0;
    do {
      const r = await api("GET", `/services?size=1000${offset ? `&offset=${encodeURIComponent(offset)}` : ""}`);
      pages += 1;
      seen.push(...ids(r));
      offset = r.body.offset;
    } while (offset);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
    expect(seen).toEqual(all);
  });

  it("13: invalid size and offset are 400 with codes 9 and 7", async () => {
    const range = { code: 9, name: "invalid size", message: "size must be an integer between 1 and 1000" };
    expect((await api("GET", "/services?size=0")).body).toStrictEqual(range);
    expect((await api("GET", "/services?size=1001")).body).toStrictEqual(range);
    expect((await api("GET", "/services?size=2.5")).body).toStrictEqual(range);
    const nan = await api("GET", "/services?size=x");
    expect([nan.status, nan.body]).toEqual([400, { code: 9, name: "invalid size", message: "size must be a number" }]);
    const off = await api("GET", "/services?offset=x");
    expect([off.status, off.body]).toEqual([400, { code: 7, name: "invalid offset", message: "'x' is not a valid offset: bad base64 encoding" }]);
    const potato = await api("GET", "/services?offset=%7Cpotato%7C");
    expect([potato.status, potato.body.code]).toEqual([400, 7]);
    const json = await api("GET", `/services?offset=${b64("nope")}`);
    expect(json.body.message).toBe(`'${b64("nope")}' is not a valid offset: bad json encoding`);
    expect((await api("GET", "/services/x/routes?size=0")).status).toBe(404);
  });

  it("nested collections page too, with only offset in next, and ignore ?tags=", async () => {
    const svc = sandbox.gw.store.insert("services", { name: "s", host: "h.test" });
    for (let i = 0; i < 5; i++) sandbox.gw.store.insert("routes", { name: `r${i}`, paths: [`/${i}`], service: { id: svc.id }, tags: ["x"] });
    sandbox.gw.store.insert("routes", { name: "unbound", paths: ["/u"] });
    const r = await api("GET", "/services/s/routes?size=2&tags=nope");
    expect(r.body.data).toHaveLength(2);
    expect(r.body.next).toBe(`/services/${svc.id}/routes?offset=${encodeURIComponent(r.body.offset)}`);
    const rest = await api("GET", `/services/s/routes?size=10&offset=${encodeURIComponent(r.body.offset)}`);
    expect(rest.body.data).toHaveLength(3);
  });
});

describe("tag filters (checklist 14)", () => {
  it("a,b is AND, a/b is OR; next carries tags; errors are code 11 with `options`", async () => {
    seedServices(6, (i) => (i < 2 ? ["a", "b"] : i < 4 ? ["a"] : ["b", "corp a"]));
    expect((await api("GET", "/services?tags=a,b")).body.data).toHaveLength(2);
    expect((await api("GET", "/services?tags=a/b")).body.data).toHaveLength(6);
    expect((await api("GET", "/services?tags=a")).body.data).toHaveLength(4);
    expect((await api("GET", "/services?tags=corp%20a")).body.data).toHaveLength(2);
    const paged = await api("GET", "/services?tags=a/b&size=4");
    expect(paged.body.next).toBe(`/services?offset=${encodeURIComponent(paged.body.offset)}&tags=a%2Fb&size=4`);
    const syntax = { code: 11, name: "invalid options", message: "invalid option (tags: invalid filter syntax)", options: { tags: "invalid filter syntax" } };
    expect((await api("GET", "/services?tags=a,b/c")).body).toStrictEqual(syntax);
    const empty = await api("GET", "/services?tags=");
    expect([empty.status, empty.body]).toEqual([400, {
      code: 11, name: "invalid options", message: "invalid option (tags: cannot be null)", options: { tags: "cannot be null" },
    }]);
    const six = await api("GET", "/services?tags=a,b,c,d,e,f");
    expect([six.status, six.body.message]).toEqual([400, "invalid option (tags: cannot query more than 5 tags)"]);
    expect((await api("GET", "/routes?tags=a,b,c,d,e")).body.data).toEqual([]);
  });

  it("tags on entities must be printable; /tags and /tags/{tag} index them", async () => {
    const bad = await api("POST", "/services", { host: "h.test", tags: ["ok", "a,b"] });
    expect(bad.body.message).toBe("schema violation (tags.2: invalid tag 'a,b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences)");
    const s = sandbox.gw.store.insert("services", { host: "h.test", tags: ["team-a", "prod"] });
    const r = sandbox.gw.store.insert("routes", { paths: ["/"], tags: ["team-a"] });
    const all = await api("GET", "/tags");
    expect(all.body.data).toEqual(expect.arrayContaining([
      { tag: "team-a", entity_name: "services", entity_id: s.id },
      { tag: "prod", entity_name: "services", entity_id: s.id },
      { tag: "team-a", entity_name: "routes", entity_id: r.id },
    ]));
    expect(all.body.data).toHaveLength(3);
    const one = await api("GET", "/tags/team-a?size=1");
    expect(one.body.data).toHaveLength(1);
    const rest = await api("GET", `/tags/team-a?offset=${encodeURIComponent(one.body.offset)}`);
    expect([...one.body.data, ...rest.body.data].map((t: { entity_name: string }) => t.entity_name).sort()).toEqual(["routes", "services"]);
  });
});

describe("upstreams and targets (checklist 15)", () => {
  it("15: upstream defaults, targets get :8000 and weight 100, duplicates 409, /targets is 404", async () => {
    const u = await api("POST", "/upstreams", { name: "u" });
    expect(u.status).toBe(201);
    expect(u.body).toMatchObject({
      name: "u", algorithm: "round-robin", hash_on: "none", hash_fallback: "none", hash_on_header: null,
      hash_on_cookie_path: "/", slots: 10000, tags: null, host_header: null, client_certificate: null, use_srv_name: false,
    });
    expect(u.body.healthchecks.active.unhealthy.http_statuses).toEqual([429, 404, 500, 501, 502, 503, 504, 505]);
    expect(u.body.healthchecks.passive.unhealthy).toEqual({ http_statuses: [429, 500, 503], tcp_failures: 0, timeouts: 0, http_failures: 0 });
    expect(u.body.healthchecks.threshold).toBe(0);
    const t = await api("POST", "/upstreams/u/targets", { target: "konghq.test" });
    expect(t.status).toBe(201);
    expect(t.body).toStrictEqual({
      id: expectUuid(), created_at: expect.any(Number), updated_at: expect.any(Number),
      upstream: { id: u.body.id }, target: "konghq.test:8000", weight: 100, tags: null,
    });
    expect(Math.abs(t.body.created_at - Date.now() / 1000)).toBeLessThan(60);
    expect(Math.round(t.body.created_at * 1000) / 1000).toBe(t.body.created_at);
    const dup = await api("POST", "/upstreams/u/targets", { target: "konghq.test:8000" });
    expect([dup.status, dup.body.code]).toEqual([409, 5]);
    expect((await api("GET", "/targets")).text).toBe('{"message":"Not found"}');
    expect((await api("GET", `/targets/${t.body.id}`)).status).toBe(404);
    expect((await api("GET", "/upstreams/u/targets/konghq.test:8000")).body.id).toBe(t.body.id);
    expect((await api("GET", "/upstreams/u/targets/all")).body.data).toHaveLength(1);
    const bad = await api("POST", "/upstreams", { name: "10.0.0.1" });
    expect(bad.body.fields).toEqual({ name: "Invalid name ('10.0.0.1'); no ip addresses allowed" });
    const w = await api("PUT", `/upstreams/u/targets/${t.body.id}`, { weight: 5 });
    expect([w.status, w.body.weight, w.body.target]).toEqual([200, 5, "konghq.test:8000"]);
    expect((await api("PUT", "/upstreams/u/targets", {})).status).toBe(405);
  });

  it("deleting an upstream deletes its targets", async () => {
    await api("POST", "/upstreams", { name: "u" });
    await api("POST", "/upstreams/u/targets", { target: "10.0.0.12:8080" });
    await api("POST", "/upstreams", { name: "v" });
    await api("POST", "/upstreams/v/targets", { target: "10.0.0.13" });
    expect((await api("DELETE", "/upstreams/u")).status).toBe(204);
    expect(sandbox.gw.store.list("targets").map((t) => t.target)).toEqual(["10.0.0.13:8000"]);
  });
});

describe("plugins", () => {
  it("known plugins get default configs; unknown ones are 'not enabled'; duplicates on a scope are 409", async () => {
    const s = sandbox.gw.store.insert("services", { name: "s", host: "h.test" });
    const p = await api("POST", "/services/s/plugins", { name: "rate-limiting", config: { minute: 10 } });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({
      name: "rate-limiting", instance_name: null, route: null, consumer: null, service: { id: s.id },
      protocols: ["grpc", "grpcs", "http", "https"], enabled: true, tags: null,
    });
    expect(p.body.config).toMatchObject({ minute: 10, second: null, policy: "local", limit_by: "consumer", fault_tolerant: true });
    const needsLimit = await api("POST", "/plugins", { name: "rate-limiting" });
    expect(needsLimit.body.fields["@entity"]).toHaveLength(1);
    const unknown = await api("POST", "/plugins", { name: "foo" });
    const msg = "plugin 'foo' not enabled; add it to the 'plugins' configuration property";
    expect(unknown.body).toStrictEqual({ code: 2, name: "schema violation", message: `schema violation (name: ${msg})`, fields: { name: msg } });
    await api("POST", "/services/s/plugins", { name: "basic-auth" });
    const dup = await api("POST", "/services/s/plugins", { name: "basic-auth" });
    expect(dup.status).toBe(409);
    expect(dup.body).toStrictEqual({
      code: 5, name: "unique constraint violation",
      message: `UNIQUE violation detected on '{consumer=null,name="basic-auth",route=null,service={id="${s.id}"}}'`,
      fields: { consumer: null, name: "basic-auth", route: null, service: { id: s.id } },
    });
    const patched = await api("PATCH", `/plugins/${p.body.id}`, { config: { hour: 100 } });
    expect([patched.body.config.minute, patched.body.config.hour]).toEqual([10, 100]);
    const badConfig = await api("PATCH", `/plugins/${p.body.id}`, { config: { nope: 1 } });
    expect(badConfig.body.message).toBe("schema violation (config.nope: unknown field)");
    expect((await api("GET", "/plugins/enabled")).body.enabled_plugins).toContain("key-auth");
    const samePk = await api("POST", "/plugins", { id: p.body.id, name: "cors" });
    expect([samePk.status, samePk.body.code]).toEqual([409, 3]);
    expect((await api("GET", "/services/s/plugins")).body.data).toHaveLength(2);
  });
});

describe("node endpoints (checklist 16)", () => {
  it("16: GET / reports version, edition, plugins and database; /status database.reachable", async () => {
    sandbox.gw.store.insert("plugins", { name: "cors" });
    const root = await api("GET", "/");
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({
      tagline: "Welcome to kong", version: "3.9.1", edition: "community", node_id: expectUuid(),
      configuration: { database: "postgres", router_flavor: "traditional_compatible" },
    });
    expect(root.body.plugins.available_on_server["key-auth"]).toEqual({ version: "3.9.1", priority: 1250 });
    expect(root.body.plugins.enabled_in_cluster).toEqual(["cors"]);
    const status = await api("GET", "/status");
    expect(status.body.database).toEqual({ reachable: true });
    expect(status.body.configuration_hash).toBeUndefined();
    expect(status.body.server.total_requests).toBeGreaterThan(0);
    expect((await api("GET", "/status?unit=x")).status).toBe(400);
    expect(root.headers.get("server")).toBe("kong/3.9.1");
  });
});
