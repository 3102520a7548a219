import { describe, expect, it } from "vitest";
import { bytesOf } from "../../tests/helpers/heap-bytes";
import { flatString } from "./flat-string";

const N = 10_000;
/** what a resolve answer looks like: about 700 characters of JSON */
const answer = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  name: `svc-${i}`,
  proxyUrl: `http://gateway.example/svc-${i}`,
  exposures: [{ mode: "Gateway", url: `http://gateway.example/svc-${i}`, status: "ready" }, { mode: "ClusterIP", url: `http://svc-${i}.ns.svc.cluster.local:80`, status: "ready" }],
  team: "team-payments-and-billing",
  description: "ä".repeat(3) + "x".repeat(400),
});

describe("flatString", () => {
  it("keeps the text, unicode included", () => {
    const s = JSON.stringify(answer(7));
    expect(flatString(s)).toBe(s);
    expect(flatString("ü∂ 😀")).toBe("ü∂ 😀");
  });

  it("holds a JSON.stringify answer in less memory than the answer itself", () => {
    const plain = bytesOf(() => Array.from({ length: N }, (_, i) => JSON.stringify(answer(i))));
    const flat = bytesOf(() => Array.from({ length: N }, (_, i) => flatString(JSON.stringify(answer(i)))));
    // the rope of parts costs its nodes' and parts' headers on top of the characters
    expect(plain - flat).toBeGreaterThan(N * 100);
  });
});
