import { describe, expect, it } from "vitest";
import { generateSecret } from "./generate-secret";

describe("generateSecret", () => {
  it("makes 32 letters and digits, different each time", () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(generateSecret()).not.toBe(a);
  });

  it("skips bytes that would bias the alphabet", () => {
    // 248..255 are past the last multiple of 62 (248): rejected; 0 and 61 map to "A" and "9".
    const bytes = (a: Uint8Array) => a.map((_, i) => [255, 248, 0, 61][i % 4]);
    expect(generateSecret(4, bytes)).toBe("A9A9");
  });
});
