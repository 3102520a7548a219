import { describe, expect, it } from "vitest";
import { expandServiceUrl, parseLuaUrl } from "./service-url";

describe("service url shorthand", () => {
  it("follows Kong's tests", () => {
    expect(expandServiceUrl({ url: "https://x/" })).toEqual({ protocol: "https", host: "x", port: 443, path: "/" });
    expect(expandServiceUrl({ url: "http://example.test:443" })).toEqual({ protocol: "http", host: "example.test", port: 443, path: null });
    expect(expandServiceUrl({ url: "https://example2.test:80/" })).toEqual({ protocol: "https", host: "example2.test", port: 80, path: "/" });
    expect(expandServiceUrl({ url: "invalid url", name: "n" })).toEqual({ name: "n", protocol: "http", host: null, port: 80, path: "invalid url" });
  });
  it("parses like LuaSocket: query dropped, credentials ignored, IPv6 unbracketed", () => {
    expect(parseLuaUrl("http://u:p@h.test:8080/a/b?q=1#f")).toEqual({ scheme: "http", host: "h.test", port: "8080", path: "/a/b" });
    expect(parseLuaUrl("http://[::1]:81")).toEqual({ scheme: "http", host: "::1", port: "81" });
  });
  it("leaves input without url alone and rejects a non-string url", () => {
    expect(expandServiceUrl({ host: "a" })).toEqual({ host: "a" });
    expect(() => expandServiceUrl({ url: 5 })).toThrow("schema violation (url: expected a string)");
  });
});
