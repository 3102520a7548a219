import { describe, expect, it } from "vitest";
import { deriveRequirements, effectivePlugins } from "./derive-requirements";
import { describeRequirements } from "./describe-requirements";
import type { GatewayPluginInfo } from "./types";

const route = { id: "r1", serviceId: "s1", gateway: "kong", name: "users" };
let n = 0;
function plugin(name: string, config: Record<string, unknown>, at: { routeId?: string; serviceId?: string; consumer?: boolean; enabled?: boolean } = { routeId: "r1" }): GatewayPluginInfo {
  return {
    gateway: "kong",
    id: `p${++n}`,
    name,
    ...(at.routeId ? { routeId: at.routeId } : {}),
    ...(at.serviceId ? { serviceId: at.serviceId } : {}),
    ...(at.consumer ? { consumerScoped: true } : {}),
    enabled: at.enabled ?? true,
    config,
  };
}

describe("deriveRequirements: one plugin kind at a time", () => {
  it("key-auth: key names and where they go", () => {
    const r = deriveRequirements(route, [plugin("key-auth", { key_names: ["X-Shop-Key", "shopkey"], key_in_header: true, key_in_query: false, key_in_body: true })]);
    expect(r.authentication).toEqual([{ type: "key-auth", plugin: "key-auth", scope: "route", optional: false, keyNames: ["X-Shop-Key", "shopkey"], in: ["header", "body"] }]);
  });

  it("key-auth without config fields takes Kong's defaults (apikey, header and query)", () => {
    const r = deriveRequirements(route, [plugin("key-auth", {})]);
    expect(r.authentication[0]).toMatchObject({ keyNames: ["apikey"], in: ["header", "query"] });
  });

  it("basic-auth, and anonymous (kept as a flag by the adapter) makes it optional", () => {
    const r = deriveRequirements(route, [plugin("basic-auth", { realm: "shop", anonymous: true })]);
    expect(r.authentication).toEqual([{ type: "basic-auth", plugin: "basic-auth", scope: "route", optional: true, realm: "shop" }]);
  });

  it("jwt: header, cookie and query parameter names", () => {
    const r = deriveRequirements(route, [plugin("jwt", { header_names: ["authorization"], cookie_names: ["session"], uri_param_names: ["token"] })]);
    expect(r.authentication[0]).toMatchObject({ type: "jwt", headerNames: ["authorization"], cookieNames: ["session"], uriParamNames: ["token"] });
  });

  it("oauth2: flows, scopes and header", () => {
    const p = plugin("oauth2", { scopes: ["read"], mandatory_scope: true, enable_client_credentials: true, auth_header_name: "authorization" });
    const r = deriveRequirements(route, [p]);
    expect(r.authentication[0]).toMatchObject({ type: "oauth2", scopes: ["read"], mandatoryScope: true, flows: ["client_credentials"], headerName: "authorization" });
  });

  it("openid-connect: issuer, methods and scopes", () => {
    const p = plugin("openid-connect", { issuer: "https://id.example/", auth_methods: ["bearer"], scopes_required: ["api"] });
    expect(deriveRequirements(route, [p]).authentication[0]).toMatchObject({ type: "openid-connect", issuer: "https://id.example/", methods: ["bearer"], scopes: ["api"] });
  });

  it("mtls-auth", () => {
    expect(deriveRequirements(route, [plugin("mtls-auth", {})]).authentication).toEqual([
      { type: "mtls-auth", plugin: "mtls-auth", scope: "route", optional: false },
    ]);
  });

  it("rate-limiting: every configured period, and what is counted", () => {
    const p = plugin("rate-limiting", { minute: 5, hour: 100, limit_by: "ip" });
    expect(deriveRequirements(route, [p]).rateLimits).toEqual([
      { plugin: "rate-limiting", scope: "route", limits: [{ limit: 5, seconds: 60, per: "minute" }, { limit: 100, seconds: 3600, per: "hour" }], limitBy: "ip" },
    ]);
  });

  it("rate-limiting-advanced: limits per window, named when the window is a period", () => {
    const r = deriveRequirements(route, [plugin("rate-limiting-advanced", { limit: [10, 1000], window_size: [1, 90], identifier: "credential" })]);
    expect(r.rateLimits[0]).toMatchObject({ limits: [{ limit: 10, seconds: 1, per: "second" }, { limit: 1000, seconds: 90, per: "90 seconds" }], limitBy: "credential" });
  });

  it("acl allow and deny groups count as requirements", () => {
    expect(deriveRequirements(route, [plugin("acl", { allow: ["shop-clients"] })]).acl).toEqual({ plugin: "acl", scope: "route", allow: ["shop-clients"], deny: [] });
  });

  it("cors origins", () => {
    expect(deriveRequirements(route, [plugin("cors", { origins: ["https://shop.example"], methods: ["GET"], credentials: true })]).cors).toEqual({
      plugin: "cors", scope: "route", origins: ["https://shop.example"], methods: ["GET"], credentials: true,
    });
  });

  it("request-size-limiting in bytes as Kong counts them (1 MB = 2^20)", () => {
    expect(deriveRequirements(route, [plugin("request-size-limiting", { allowed_payload_size: 2, size_unit: "megabytes" })]).requestSize).toEqual({
      plugin: "request-size-limiting", scope: "route", limit: 2, unit: "megabytes", bytes: 2 * 1024 * 1024,
    });
    expect(deriveRequirements(route, [plugin("request-size-limiting", { allowed_payload_size: 10, size_unit: "kilobytes" })]).requestSize?.bytes).toBe(10240);
  });

  it("plugins that ask nothing of a caller are not requirements", () => {
    const r = deriveRequirements(route, [plugin("prometheus", {}), plugin("request-transformer", { add: { headers: ["x:1"] } })]);
    expect(r).toMatchObject({ authentication: [], rateLimits: [], acl: null, cors: null, requestSize: null });
  });
});

describe("effectivePlugins: Kong's precedence per plugin name", () => {
  it("route+service > route > service > global", () => {
    const global = plugin("rate-limiting", { second: 1 }, {});
    const svc = plugin("rate-limiting", { second: 2 }, { serviceId: "s1" });
    const rt = plugin("rate-limiting", { second: 3 }, { routeId: "r1" });
    const both = plugin("rate-limiting", { second: 4 }, { routeId: "r1", serviceId: "s1" });
    const limit = (ps: GatewayPluginInfo[]) => deriveRequirements(route, ps).rateLimits.map((r) => [r.scope, r.limits[0].limit]);
    expect(limit([global, svc, rt, both])).toEqual([["route+service", 4]]);
    expect(limit([global, svc, rt])).toEqual([["route", 3]]);
    expect(limit([global, svc])).toEqual([["service", 2]]);
    expect(limit([global])).toEqual([["global", 1]]);
  });

  it("a disabled plugin is ignored and does not hide a less specific one", () => {
    const svc = plugin("key-auth", { key_names: ["svc-key"] }, { serviceId: "s1" });
    const rt = plugin("key-auth", { key_names: ["route-key"] }, { routeId: "r1", enabled: false });
    expect(deriveRequirements(route, [svc, rt]).authentication.map((a) => a.type === "key-auth" && a.keyNames)).toEqual([["svc-key"]]);
  });

  it("consumer-scoped plugins and plugins of other routes or services do not apply", () => {
    const ps = [
      plugin("key-auth", {}, { routeId: "r1", consumer: true }),
      plugin("jwt", {}, { routeId: "other" }),
      plugin("acl", { allow: ["x"] }, { serviceId: "other" }),
      plugin("cors", {}, { routeId: "r1", serviceId: "other" }),
    ];
    expect(effectivePlugins(route, ps)).toEqual([]);
  });
});

describe("describeRequirements", () => {
  it("says where the key goes and how fast, with a curl line holding a placeholder", () => {
    const req = deriveRequirements(route, [plugin("key-auth", { key_names: ["X-Shop-Key"], key_in_header: true, key_in_query: true }), plugin("rate-limiting", { minute: 5 })]);
    const g = describeRequirements(req, "http://api.shop.example/users");
    expect(g.instructions).toContain('Send an API key as a header, or a query parameter named "X-Shop-Key".');
    expect(g.instructions).toContain("Rate limit: 5 requests per minute, counted per consumer; past it the gateway answers 429.");
    expect(g.curl).toBe('curl -H "X-Shop-Key: $API_KEY" "http://api.shop.example/users"');
  });

  it("a key accepted only in the query goes into the URL; no requirements say so", () => {
    const req = deriveRequirements(route, [plugin("key-auth", { key_names: ["k"], key_in_header: false, key_in_query: true })]);
    expect(describeRequirements(req, "http://h/x").curl).toBe('curl "http://h/x?k=$API_KEY"');
    const none = describeRequirements(deriveRequirements(route, []), "http://h/x");
    expect(none.instructions).toEqual(["No authentication: the gateway lets any caller through."]);
    expect(none.curl).toBe('curl "http://h/x"');
  });
});
