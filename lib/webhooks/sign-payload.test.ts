// Signatures: the documented format, verification, tampering, wrong secret, replay window.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { signPayload, verifySignature } from "./sign-payload";

const secret = "s3cret-s3cret-s3cret";
const body = '{"id":"42","type":"api.created"}';
const now = Date.UTC(2026, 10, 26, 12, 0, 0);

describe("signPayload / verifySignature", () => {
  it("produces t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const header = signPayload(body, secret, now);
    const t = now / 1000;
    const expected = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies its own signature within the tolerance", () => {
    const header = signPayload(body, secret, now);
    expect(verifySignature(header, body, secret, 300, now)).toBe(true);
    expect(verifySignature(header, body, secret, 300, now + 299_000)).toBe(true);
    expect(verifySignature(header, body, secret, 300, now - 299_000)).toBe(true);
  });

  it("rejects another body, another secret, an old timestamp, a forged timestamp and garbage", () => {
    const header = signPayload(body, secret, now);
    expect(verifySignature(header, body + " ", secret, 300, now)).toBe(false);
    expect(verifySignature(header, body, secret + "x", 300, now)).toBe(false);
    expect(verifySignature(header, body, secret, 300, now + 301_000)).toBe(false);
    const forged = header.replace(/^t=\d+/, `t=${now / 1000 + 100}`);
    expect(verifySignature(forged, body, secret, 300, now)).toBe(false);
    for (const bad of [null, undefined, "", "t=1", "v1=abc", "t=x,v1=" + "0".repeat(64), "garbage"]) {
      expect(verifySignature(bad, body, secret, 300, now)).toBe(false);
    }
  });

  it("accepts any of several v1 signatures (secret rotation)", () => {
    const header = signPayload(body, secret, now);
    const other = signPayload(body, "another-secret-value", now).split(",")[1];
    expect(verifySignature(`${header},${other}`, body, "another-secret-value", 300, now)).toBe(true);
    expect(verifySignature(`${header},${other}`, body, secret, 300, now)).toBe(true);
  });
});
