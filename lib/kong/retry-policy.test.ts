import { describe, expect, it } from "vitest";
import { KongError } from "./errors";
import { backoffMs, IDEMPOTENT_METHODS, isRetryable } from "./retry-policy";

const err = (kind: KongError["kind"], status?: number) => new KongError({ gateway: "g", kind, detail: "x", status });

describe("retry policy", () => {
  it("retries network errors, timeouts and 5xx only", () => {
    expect(isRetryable(err("unreachable"))).toBe(true);
    expect(isRetryable(err("timeout"))).toBe(true);
    expect(isRetryable(err("http", 503))).toBe(true);
    expect(isRetryable(err("http", 409))).toBe(false);
    expect(isRetryable(err("invalid-response", 200))).toBe(false);
    expect(isRetryable(new Error("x"))).toBe(false);
  });
  it("only for idempotent methods, with a small exponential backoff", () => {
    expect(["GET", "PUT", "DELETE"].every((m) => IDEMPOTENT_METHODS.has(m))).toBe(true);
    expect(IDEMPOTENT_METHODS.has("POST") || IDEMPOTENT_METHODS.has("PATCH")).toBe(false);
    expect([0, 1, 2, 10].map(backoffMs)).toEqual([100, 200, 400, 2000]);
  });
  it("errors name the gateway", () => {
    expect(err("timeout").message).toBe('gateway "g": x');
  });
});
