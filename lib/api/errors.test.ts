import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

describe("isDatabaseUnavailable", () => {
  it("recognises an unreachable, restarting, dropped or locked-out database", () => {
    for (const code of ["ECONNREFUSED", "08006", "57P01", "57P03", "3D000", "28P01", "28000", "P1001"]) {
      expect(isDatabaseUnavailable({ code, message: "x" }), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable({ message: "wrapped", cause: { code: "3D000" } })).toBe(true);
  });

  it("leaves the request's own errors alone", () => {
    for (const code of ["23505", "22P02", "42P01", "P2002"]) expect(isDatabaseUnavailable({ code, message: "x" }), code).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });
});
