// Metric labels come from route templates: ids, names and unknown paths never become labels.
import { describe, expect, it } from "vitest";
import { methodLabel, routeTemplate, UNMATCHED } from "./route-template";

describe("routeTemplate", () => {
  it("puts each dynamic segment's name in its place, in path order", () => {
    expect(routeTemplate("/api/v1/apis", {})).toBe("/api/v1/apis");
    expect(routeTemplate("/api/v1/apis/0b6c5f0e-3a1d-4c4e-9f59-0a7d1c2b3e4f", { id: "0b6c5f0e-3a1d-4c4e-9f59-0a7d1c2b3e4f" })).toBe("/api/v1/apis/{id}");
    expect(routeTemplate("/api/v1/resolve/orders%20v2", { name: "orders v2" })).toBe("/api/v1/resolve/{name}");
    expect(routeTemplate("/api/v1/sources/cluster/cluster/resync", { kind: "cluster", name: "cluster" })).toBe("/api/v1/sources/{kind}/{name}/resync");
    expect(routeTemplate("/api/v1/registrations/edge/apis", { gateway: "edge", name: "apis" })).toBe("/api/v1/registrations/{gateway}/{name}");
  });

  it("gives one label to every path no route serves, and to params it cannot place", () => {
    expect(routeTemplate("/api/v1/nothing/here", { path: ["v1", "nothing", "here"] })).toBe(UNMATCHED);
    expect(routeTemplate("/api/v1/apis/%E0%A4%A", { id: "x" })).toBe(UNMATCHED);
  });
});

describe("methodLabel", () => {
  it("keeps the methods routes serve and folds the rest", () => {
    expect(["GET", "DELETE", "OPTIONS", "PROPFIND", "get"].map(methodLabel)).toEqual(["GET", "DELETE", "OPTIONS", "OTHER", "OTHER"]);
  });
});
