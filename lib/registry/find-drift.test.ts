import { describe, expect, it } from "vitest";
import { findDrift } from "./find-drift";
import type { AppliedKongState } from "./kong-state";
import type { KongPlugin, KongRoute, KongService } from "../kong";

const applied: AppliedKongState = {
  service: { id: "s1", protocol: "http", host: "orders.internal", port: 8080, path: null },
  route: { id: "r1", service: "s1", paths: ["/orders"], hosts: null, methods: ["GET"], strip_path: true },
  plugins: [{ id: "p1", name: "cors", config: { origins: ["*"] } }],
};
const tags = (name: string) => ["signpost-managed", `signpost-api:${name}`];
const service = (over: Partial<KongService> = {}) => ({ id: "s1", name: "orders", protocol: "http", host: "orders.internal", port: 8080, path: null, tags: tags("orders"), ...over }) as KongService;
const route = (over: Partial<KongRoute> = {}) =>
  ({ id: "r1", name: "orders", service: { id: "s1" }, paths: ["/orders"], hosts: null, methods: ["GET"], strip_path: true, tags: tags("orders"), ...over }) as KongRoute;
const plugin = (over: Partial<KongPlugin> = {}) => ({ id: "p1", name: "cors", config: { origins: ["*"] }, enabled: true, tags: tags("orders"), route: { id: "r1" }, ...over }) as KongPlugin;
const regs = new Map([["orders", applied]]);

describe("findDrift", () => {
  it("finds nothing when the gateway holds what was applied", () => {
    expect(findDrift(regs, { services: [service()], routes: [route()], plugins: [plugin()] })).toEqual({ drifted: [], orphans: [] });
  });

  it("names each field changed by hand, missing entities and a changed or disabled plugin", () => {
    const r = findDrift(regs, { services: [service({ host: "elsewhere", port: 9 })], routes: [route({ paths: ["/x"], methods: null })], plugins: [plugin({ config: { origins: ["https://a"] } })] });
    expect(r.drifted).toEqual([
      {
        name: "orders",
        issues: [
          'service host is "elsewhere", registered "orders.internal"',
          "service port is 9, registered 8080",
          'route paths are ["/x"], registered ["/orders"]',
          'route methods are [], registered ["GET"]',
          "plugin cors configuration was changed outside Signpost",
        ],
      },
    ]);
    expect(findDrift(regs, { services: [], routes: [], plugins: [] }).drifted[0].issues).toEqual([
      "service orders is missing from the gateway",
      "route orders is missing from the gateway",
      "plugin cors is missing from the gateway",
    ]);
    expect(findDrift(regs, { services: [service()], routes: [route()], plugins: [plugin({ enabled: false })] }).drifted[0].issues).toEqual(["plugin cors was disabled outside Signpost"]);
  });

  it("reports tagged entities no registration claims, but not those of a change in progress", () => {
    const stray = { services: [service(), service({ id: "s2", name: "old", tags: tags("old") })], routes: [route()], plugins: [plugin()] };
    expect(findDrift(regs, stray).orphans).toEqual(["service old"]);
    expect(findDrift(regs, stray, new Set(["old"])).orphans).toEqual([]);
  });
});
