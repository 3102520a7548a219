import { describe, expect, it } from "vitest";
import { choosePath } from "./registration-path";

const gw = { name: "edge", adminUrl: "http://kong:8001" };

describe("choosePath", () => {
  it("takes the Admin API of a gateway with a database", () => {
    expect(choosePath(gw, false, null).via).toBe("admin-api");
  });
  it("goes through the feeding cluster of a DB-less gateway: Gateway API where served and a parent is configured, else Ingress", () => {
    expect(choosePath({ ...gw, cluster: "prod" }, true, true)).toMatchObject({ via: "ingress", cluster: "prod" });
    expect(choosePath({ ...gw, cluster: "prod", parentRef: { namespace: "kong", name: "kong" } }, true, true)).toMatchObject({ via: "httproute", cluster: "prod" });
    expect(choosePath({ ...gw, cluster: "prod", parentRef: { namespace: "kong", name: "kong" } }, true, false)).toMatchObject({ via: "ingress" });
  });
  it("returns the manifest for a DB-less gateway without a cluster, and honours registerVia", () => {
    expect(choosePath(gw, true, null)).toMatchObject({ via: "manifest", object: "ingress", cluster: null });
    expect(choosePath({ ...gw, registerVia: "manifest", cluster: "prod" }, false, null)).toMatchObject({ via: "manifest", cluster: "prod" });
    expect(choosePath({ ...gw, registerVia: "ingress", cluster: "prod" }, false, null)).toMatchObject({ via: "ingress", cluster: "prod" });
  });
});
