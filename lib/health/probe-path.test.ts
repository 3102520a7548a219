import { describe, expect, it } from "vitest";
import { ZRegistration } from "../api/schemas/registration";
import { PROBE_PATH_MAX, probePathProblem } from "./probe-path";

describe("probe paths", () => {
  it.each([["/healthz"], ["/"], ["/v1/status?verbose=1"], ["/a/b.c/~d"]])("accepts %s", (p) => {
    expect(probePathProblem(p)).toBeNull();
  });

  it.each([
    ["healthz", 'must start with "/"'],
    ["", 'must start with "/"'],
    ["http://evil.example/", 'must start with "/"'],
    ["//evil.example/x", "must stay below the API's address"],
    ["/a/../admin", "must stay below the API's address"],
    ["/a/%2E%2e/admin", "must stay below the API's address"],
    ["/a b", "may hold only URL path characters"],
    ["/x#frag", "may hold only URL path characters"],
    [`/${"a".repeat(PROBE_PATH_MAX)}`, `must be at most ${PROBE_PATH_MAX} characters`],
  ])("refuses %j: %s", (p, why) => {
    expect(probePathProblem(p)).toContain(why);
  });

  it("the registration body refuses a bad probePath naming the field", () => {
    const r = ZRegistration.safeParse({ name: "x", upstream: { url: "http://x.internal" }, route: { paths: ["/x"] }, probePath: "health" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["probePath"], message: expect.stringContaining('must start with "/"') });
    expect(ZRegistration.parse({ name: "x", upstream: { url: "http://x.internal" }, route: { paths: ["/x"] }, probePath: "/healthz" }).probePath).toBe("/healthz");
  });
});
