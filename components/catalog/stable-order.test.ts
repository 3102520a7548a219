import { describe, expect, it } from "vitest";
import { stableOrder } from "./stable-order";

const rows = (...ids: string[]) => ids.map((id) => ({ id }));
const ids = (r: { id: string }[]) => r.map((x) => x.id).join("");

describe("stableOrder", () => {
  it("keeps the order the reader saw when the server reorders", () => {
    expect(ids(stableOrder(["a", "b", "c"], rows("c", "a", "b")))).toBe("abc");
  });
  it("inserts new rows at the server's position and drops vanished ones", () => {
    expect(ids(stableOrder(["a", "b", "c"], rows("a", "x", "c")))).toBe("axc");
    expect(ids(stableOrder(["a", "b"], rows("b", "a", "z")))).toBe("abz");
  });
  it("is the server order when nothing was shown", () => {
    expect(ids(stableOrder([], rows("b", "a")))).toBe("ba");
  });
});
