import { describe, expect, it } from "vitest";
import { tagsQuery } from "./list-all";
import { ZKongPlugin, ZKongService } from "./schemas";

describe("entity schemas", () => {
  it("drop unknown and Enterprise fields instead of failing", () => {
    const s = ZKongService.parse({ id: "i", protocol: "http", host: "h", port: 80, ws_id: "w", brand_new_field: 1 });
    expect(s).not.toHaveProperty("ws_id");
    expect(s).not.toHaveProperty("brand_new_field");
  });
  it("fill what older Kong versions leave out", () => {
    const s = ZKongService.parse({ id: "i", protocol: "http", host: "h", port: 80 });
    expect([s.enabled, s.name, s.tags, s.updated_at]).toEqual([true, null, null, null]);
    expect(ZKongPlugin.parse({ id: "p", name: "cors" }).config).toEqual({});
  });
  it("reject what is not a Kong entity", () => {
    expect(ZKongService.safeParse({ id: "i", host: "h" }).success).toBe(false);
  });
});

describe("tagsQuery", () => {
  it("joins with , (and) or / (or) and refuses tags Kong cannot filter on", () => {
    expect(tagsQuery(["a", "b"])).toBe("a,b");
    expect(tagsQuery(["a", "b"], "or")).toBe("a/b");
    expect(tagsQuery([])).toBeUndefined();
    expect(() => tagsQuery(["a/b"])).toThrow(RangeError);
    expect(() => tagsQuery(["1", "2", "3", "4", "5", "6"])).toThrow(RangeError);
  });
});
