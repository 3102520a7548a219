import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dedupeServerChunks } from "./dedupe-server-chunks";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function distDir(files: Record<string, string>): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-chunks-"));
  dirs.push(dist);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dist, "server", name)), { recursive: true });
    fs.writeFileSync(path.join(dist, "server", name), text);
  }
  return dist;
}

const chunk = (body: string, map: string) => `module.exports=[1,(e,t)=>{t.exports=${body}}];\n\n//# sourceMappingURL=${map}.js.map\n`;

describe("dedupeServerChunks", () => {
  it("makes each repeat of a chunk (source-map comment aside) load the first copy, across folders", () => {
    const dist = distDir({
      "chunks/a.js": chunk('"one"', "a"),
      "chunks/b.js": chunk('"one"', "b"),
      "chunks/ssr/c.js": chunk('"one"', "c"),
      "chunks/d.js": chunk('"two"', "d"),
      "chunks/runtime.js": "var x = 1;\n",
      "chunks/runtime-copy.js": "var x = 1;\n",
    });
    const report = dedupeServerChunks(dist);
    expect(report.replaced).toBe(2);
    expect(report.bytes).toBe(Buffer.byteLength(chunk('"one"', "b")) + Buffer.byteLength(chunk('"one"', "c")));
    const read = (n: string) => fs.readFileSync(path.join(dist, "server", n), "utf8");
    expect(read("chunks/a.js")).toBe(chunk('"one"', "a"));
    expect(read("chunks/b.js")).toBe('module.exports=require("./a.js");\n');
    expect(read("chunks/ssr/c.js")).toBe('module.exports=require("../a.js");\n');
    // a different chunk and files that are not chunks stay as they are
    expect(read("chunks/d.js")).toBe(chunk('"two"', "d"));
    expect(read("chunks/runtime-copy.js")).toBe("var x = 1;\n");
    // Turbopack's runtime requires a chunk and installs its module list: a repeat gives the same list
    const req = createRequire(path.join(dist, "server", "index.js"));
    const first = req("./chunks/a.js") as unknown[];
    expect(req("./chunks/b.js")).toBe(first);
    expect(req("./chunks/ssr/c.js")).toBe(first);
    expect(first[0]).toBe(1);
  });

  it("leaves a build without repeats and a missing server folder alone", () => {
    const dist = distDir({ "chunks/a.js": chunk('"one"', "a"), "chunks/b.js": chunk('"two"', "b") });
    expect(dedupeServerChunks(dist)).toEqual({ replaced: 0, bytes: 0 });
    expect(dedupeServerChunks(path.join(dist, "nowhere"))).toEqual({ replaced: 0, bytes: 0 });
  });
});
