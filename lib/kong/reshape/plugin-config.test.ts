import { describe, expect, it } from "vitest";
import { pluginRequirementConfig } from "./plugin-config";
import { reshapeKongPlugin } from "./reshape-kong";
import { ZKongPlugin } from "../schemas";

describe("pluginRequirementConfig keeps what a caller needs and never a secret", () => {
  it.each([
    ["oauth2", { provision_key: "s3cr3t-provision", scopes: ["read"], enable_client_credentials: true }, { scopes: ["read"], enable_client_credentials: true }],
    ["openid-connect", { issuer: "https://id.example/", client_secret: ["hush-hush"], client_id: ["shop"], auth_methods: ["bearer"] }, { issuer: "https://id.example/", auth_methods: ["bearer"] }],
    ["rate-limiting", { minute: 5, policy: "redis", redis: { password: "redispw", host: "redis" }, limit_by: "ip" }, { minute: 5, limit_by: "ip" }],
    ["key-auth", { key_names: ["X-Key"], key_in_header: true, anonymous: "7f1c-consumer-id" }, { key_names: ["X-Key"], key_in_header: true, anonymous: true }],
    ["hmac-auth", { algorithms: ["hmac-sha256"], secret: "nope" }, { algorithms: ["hmac-sha256"] }],
    ["ldap-auth", { header_type: "ldap", ldap_password: "pw", bind_dn: "cn=admin" }, { header_type: "ldap" }],
  ])("%s", (name, config, kept) => {
    expect(pluginRequirementConfig(name, config)).toEqual(kept);
  });

  it("plugins Signpost does not read keep no config; consumer scope is noted", () => {
    expect(pluginRequirementConfig("http-log", { http_endpoint: "http://user:pw@logs" })).toBeUndefined();
    const p = reshapeKongPlugin("kong", ZKongPlugin.parse({ id: "p1", name: "rate-limiting", route: { id: "r1" }, consumer: { id: "c1" }, config: { minute: 1 } }));
    expect(p).toEqual({ gateway: "kong", id: "p1", name: "rate-limiting", routeId: "r1", consumerScoped: true, enabled: true, config: { minute: 1 } });
  });
});
