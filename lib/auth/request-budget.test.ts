// Whose budget a request spends and which one, and how the settings are read.
import { describe, expect, it } from "vitest";
import { budgetOf, callerOf } from "./request-budget";
import { loadConfig } from "../env";

const req = (peer?: string) => new Request("http://signpost.test/api/v1/apis", { headers: peer ? { "x-signpost-peer": peer } : {} });

describe("request budgets", () => {
  it("GET and HEAD read; every other method writes", () => {
    expect(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].map(budgetOf)).toEqual(["read", "read", "write", "write", "write", "write"]);
  });

  it("charges a token by its id (its sessions too), a user by name, and an anonymous caller by address", () => {
    expect(callerOf(req("10.0.0.1"), { name: "token:ci", role: "viewer", via: "token", tokenId: "t1" })).toEqual({ key: "token:t1", per: "token" });
    expect(callerOf(req(), { name: "token:ci", role: "viewer", via: "session", tokenId: "t1", sessionId: "s1" })).toEqual({ key: "token:t1", per: "token" });
    expect(callerOf(req(), { name: "bootstrap-admin", role: "admin", via: "bootstrap" })).toEqual({ key: "user:bootstrap-admin", per: "user" });
    expect(callerOf(req(), { name: "proxy:ada", role: "viewer", via: "proxy" })).toEqual({ key: "user:proxy:ada", per: "user" });
    expect(callerOf(req("10.0.0.1"), null)).toEqual({ key: "address:10.0.0.1", per: "client address" });
    expect(callerOf(req("10.0.0.2"), null).key).not.toBe(callerOf(req("10.0.0.1"), null).key);
  });

  it("reads the limits per minute (0: off) and names a bad value", () => {
    expect(loadConfig({})).toMatchObject({ SIGNPOST_RATE_LIMIT_READ: 6000, SIGNPOST_RATE_LIMIT_WRITE: 1200 });
    expect(loadConfig({ SIGNPOST_RATE_LIMIT_READ: "0", SIGNPOST_RATE_LIMIT_WRITE: " 30 " })).toMatchObject({ SIGNPOST_RATE_LIMIT_READ: 0, SIGNPOST_RATE_LIMIT_WRITE: 30 });
    expect(() => loadConfig({ SIGNPOST_RATE_LIMIT_READ: "ten" })).toThrow('SIGNPOST_RATE_LIMIT_READ: "ten" is not a number of requests per minute (a whole number; 0 turns the limit off)');
    expect(() => loadConfig({ SIGNPOST_RATE_LIMIT_WRITE: "-5" })).toThrow(/^SIGNPOST_RATE_LIMIT_WRITE: "-5" is not a number of requests per minute/);
  });
});
