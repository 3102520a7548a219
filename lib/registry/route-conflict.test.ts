import { describe, expect, it } from "vitest";
import { findRouteConflict } from "./route-conflict";

const r = (name: string, paths: string[], hosts: string[] | null = null, methods: string[] | null = null) => ({ name, paths, hosts, methods });

describe("findRouteConflict", () => {
  it("finds the same path on overlapping hosts", () => {
    const c = findRouteConflict([r("kic", ["/users/", "~/users$"], ["api.shop.example"])], r("mine", ["/users"], ["api.shop.example"]));
    expect(c).toMatchObject({ path: "/users", host: "api.shop.example" });
    expect(findRouteConflict([r("kic", ["/users/"], ["api.shop.example"])], r("mine", ["/users"]))?.host).toBeNull();
  });
  it("ignores other hosts, other methods, other paths and itself", () => {
    expect(findRouteConflict([r("a", ["/users"], ["a.example"])], r("mine", ["/users"], ["b.example"]))).toBeUndefined();
    expect(findRouteConflict([r("a", ["/users"], null, ["GET"])], r("mine", ["/users"], null, ["POST"]))).toBeUndefined();
    expect(findRouteConflict([r("a", ["/orders"])], r("mine", ["/users"]))).toBeUndefined();
    expect(findRouteConflict([r("mine", ["/users"])], r("mine", ["/users"]))).toBeUndefined();
  });
});
