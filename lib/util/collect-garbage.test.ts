import { expect, it } from "vitest";
import { collectGarbage } from "./collect-garbage";

it("collects an object that only a weak reference still points to", async () => {
  let target: object | null = { payload: new Array(1000).fill("x") };
  const ref = new WeakRef(target);
  target = null;
  // A WeakRef's target survives the job in which it was created or read.
  await new Promise((r) => setTimeout(r, 0));
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
  expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
});
