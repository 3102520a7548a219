import { afterEach, describe, expect, it } from "vitest";
import { resetConfigCache } from "../env";
import { requestOrigin } from "./request-origin";

const req = (headers: Record<string, string>, url = "http://127.0.0.1:3000/mcp") => new Request(url, { headers });

afterEach(() => {
  delete process.env.SIGNPOST_TRUSTED_PROXIES;
  resetConfigCache();
});

describe("the origin a client reached Signpost at", () => {
  it("is the Host header's, with the request's scheme", () => {
    expect(requestOrigin(req({ host: "signpost.local:3000" }))).toBe("http://signpost.local:3000");
    expect(requestOrigin(req({}, "https://signpost.example.com/mcp"))).toBe("https://signpost.example.com");
  });

  it("believes X-Forwarded-Host/-Proto only from a trusted proxy", () => {
    const forwarded = { host: "10.0.0.5:3000", "x-forwarded-host": "signpost.example.com", "x-forwarded-proto": "https" };
    expect(requestOrigin(req({ ...forwarded, "x-signpost-peer": "192.0.2.7" }))).toBe("http://10.0.0.5:3000");
    process.env.SIGNPOST_TRUSTED_PROXIES = "192.0.2.7";
    resetConfigCache();
    expect(requestOrigin(req({ ...forwarded, "x-signpost-peer": "192.0.2.7" }))).toBe("https://signpost.example.com");
    expect(requestOrigin(req({ ...forwarded, "x-signpost-peer": "192.0.2.8" }))).toBe("http://10.0.0.5:3000");
  });
});
