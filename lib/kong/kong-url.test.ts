import { describe, expect, it } from "vitest";
import { buildKongUrl, displayAdminUrl } from "./kong-url";

describe("Admin API URLs", () => {
  const t = { name: "g", adminUrl: "http://kong:8001" };
  it("join base, workspace, path and query", () => {
    expect(buildKongUrl(t, "/services", { size: 1000, tags: undefined })).toBe("http://kong:8001/services?size=1000");
    expect(buildKongUrl({ ...t, adminUrl: "https://h/admin/", workspace: "team a" }, "/routes")).toBe("https://h/admin/team%20a/routes");
    expect(buildKongUrl({ ...t, workspace: "ws" }, "/", {}, false)).toBe("http://kong:8001/");
    expect(buildKongUrl(t, "/services", { tags: "a,b" })).toBe("http://kong:8001/services?tags=a%2Cb");
  });
  it("show the address without credentials or query", () => {
    expect(displayAdminUrl("http://user:pw@10.0.0.5:8001/?x=1")).toBe("http://10.0.0.5:8001");
    expect(displayAdminUrl("https://h/admin/")).toBe("https://h/admin");
    expect(displayAdminUrl("not a url")).toBe("(invalid admin URL)");
  });
});
