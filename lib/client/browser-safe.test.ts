// The client runs in browsers and Node 20 and never imports server code: its modules import each
// other, and anything else only as types. Two exceptions: file-cache-store.ts (Node's fs; loaded
// on demand, only for `cacheFile`) and operation-schemas.ts (the zod schemas, used as types only).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = import.meta.dirname;
const EXCEPTIONS = new Set(["file-cache-store.ts", "operation-schemas.ts"]);

describe("lib/client", () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

  it.each(files.filter((f) => !EXCEPTIONS.has(f)))("%s imports only lib/client at run time", (file) => {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const runtime = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^"';]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
    const dynamic = [...text.matchAll(/import\("([^"]+)"\)/g)].map((m) => m[1]);
    expect([...runtime, ...dynamic].filter((spec) => !/^\.\/[a-z-]+$/.test(spec))).toEqual([]);
  });

  it("operation-schemas.ts is imported only as a type", () => {
    for (const file of files.filter((f) => f !== "operation-schemas.ts")) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      expect(text, file).not.toMatch(/^import\s+(?!type\b)[^;]*"\.\/operation-schemas"/m);
    }
  });
});
