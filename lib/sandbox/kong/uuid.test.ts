import { describe, expect, it } from "vitest";
import { declarativeId, isUuid, uuidV5 } from "./uuid";

describe("uuid", () => {
  it("declarativeId matches the ids KIC and Kong generate (KIC golden testdata)", () => {
    expect(declarativeId("services", "foo-namespace.foo-svc.8000")).toBe("8c1ded2c-3f68-5845-bc85-f4c4c318829a");
    expect(declarativeId("routes", "foo-namespace.foo.foo-svc.example.net.8000")).toBe("2bd1c902-4d3c-50ed-9a78-f698cfa0cf37");
  });
  it("uuidV5 follows RFC 4122 (DNS namespace example)", () => {
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });
  it("isUuid accepts any version, either case", () => {
    expect(isUuid("8C1DED2C-3F68-5845-BC85-F4C4C318829A")).toBe(true);
    expect(isUuid("billing")).toBe(false);
  });
});
