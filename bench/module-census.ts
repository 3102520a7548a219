// What a process loaded, by package: the modules bench/footprint-probe.mjs recorded
// (FOOTPRINT_MODULES=1: ES modules from its resolve hook, CommonJS ones from require's cache),
// counted and sized by their source files. Signpost's own files count as "signpost (dist)".
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Census = Record<string, { files: number; bytes: number }>;

/** The package a loaded file belongs to. */
function packageOf(file: string): string {
  const at = file.lastIndexOf("/node_modules/");
  if (at < 0) return file.includes("/dist/") ? "signpost (dist)" : "signpost (other)";
  const parts = file.slice(at + "/node_modules/".length).split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The census of process `pid`, from the files its probe wrote into `dir`; largest first. */
export function moduleCensus(dir: string, pid: number, commonjs: string[] = []): Census {
  const listed = path.join(dir, `${pid}.modules`);
  const esm = fs.existsSync(listed) ? fs.readFileSync(listed, "utf8").split("\n").filter((u) => u.startsWith("file:")).map((u) => fileURLToPath(u)) : [];
  const files = new Set([...esm, ...commonjs]);
  const out: Census = {};
  for (const f of files) {
    let bytes = 0;
    try {
      bytes = fs.statSync(f).size;
    } catch {
      continue;
    }
    const p = (out[packageOf(f)] ??= { files: 0, bytes: 0 });
    p.files++;
    p.bytes += bytes;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1].bytes - a[1].bytes));
}
