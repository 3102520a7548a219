import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";

describe("parseDuration", () => {
  it("reads units", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("250")).toBe(250);
    expect(parseDuration("90d")).toBe(90 * 86_400_000);
  });
  it("rejects garbage", () => {
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("-1s")).toBeNull();
    expect(parseDuration("")).toBeNull();
  });
});
