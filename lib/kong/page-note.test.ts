import { describe, expect, it } from "vitest";
import { noteOf, parsePage } from "./list-all";

describe("noteOf (the page memo's note of a parsed page)", () => {
  it("notes the ids, and for routes the services of those whose origin is read from their service", () => {
    const page = {
      hash: "h",
      status: 200,
      data: [
        { id: "r1", name: "shop.storefront.00", tags: null, service: { id: "s1" } },
        { id: "r2", name: "r2", tags: ["k8s-kind:Ingress", "k8s-namespace:shop", "k8s-name:api"], service: { id: "s2" } },
        { id: "r3", name: "httproute.shop.api.0.0", service: { id: "s3" } },
        { id: "r4", name: "r4", tags: [] },
      ],
    };
    expect(noteOf("routes", page, "next")).toEqual({ offset: "next", ids: "r1\nr2\nr3\nr4", serviceIds: "s1" });
    expect(noteOf("services", { hash: "h", status: 200, data: [{ id: "s1" }, { id: "s2" }] }, null)).toEqual({ offset: null, ids: "s1\ns2" });
  });

  it("is made of validated entities: a page with a route whose tags are not strings is refused first, naming it", () => {
    const bytes = Buffer.from(JSON.stringify({ data: [{ id: "r1", tags: 5, service: { id: "s1" } }], offset: null }));
    expect(() => parsePage({ name: "edge", adminUrl: "http://127.0.0.1:8001" }, "routes", { hash: "h", status: 200, bytes })).toThrow(/data\.0\.tags/);
  });
});
