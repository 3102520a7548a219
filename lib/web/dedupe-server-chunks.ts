// Turbopack writes the same server chunk under several names, one per group of routes that use
// it: in this app three byte-identical 1 MB chunks (the Kubernetes client, YAML, ws) and four of
// 470 kB (Next's route runtime, zod, yaml), differing only in their source-map comment. Each name a
// web server loads is read, kept as source text and compiled again, though Turbopack's runtime
// installs a module's factory once by its id (docs/benchmarks.md: 6.5 MiB of source text in one
// web server). After `next build` compiles (next.config.ts, compiler.runAfterProductionCompile),
// every copy but the first becomes a one-line module that exports the first one's module list.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A Turbopack chunk for Node.js: `module.exports=[id,factory,...]`, optionally a source-map comment. */
const CHUNK_START = "module.exports=[";
const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\n?$/;

function* jsFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(p);
    else if (entry.isFile() && entry.name.endsWith(".js")) yield p;
  }
}

export interface DedupeReport {
  /** chunk files made into references to an identical one */
  replaced: number;
  /** bytes of JavaScript a server no longer reads for them */
  bytes: number;
}

/** Makes each server chunk under `distDir/server` that repeats another one a reference to it. */
export function dedupeServerChunks(distDir: string): DedupeReport {
  const serverDir = path.join(distDir, "server");
  const report: DedupeReport = { replaced: 0, bytes: 0 };
  if (!fs.existsSync(serverDir)) return report;
  const first = new Map<string, string>();
  for (const file of [...jsFiles(serverDir)].sort()) {
    const text = fs.readFileSync(file, "utf8");
    if (!text.startsWith(CHUNK_START)) continue;
    const body = text.replace(SOURCE_MAP_COMMENT, "");
    const key = crypto.createHash("sha256").update(body).digest("hex");
    const kept = first.get(key);
    if (!kept) {
      first.set(key, file);
      continue;
    }
    let rel = path.relative(path.dirname(file), kept).split(path.sep).join("/");
    if (!rel.startsWith(".")) rel = `./${rel}`;
    fs.writeFileSync(file, `module.exports=require(${JSON.stringify(rel)});\n`);
    report.replaced++;
    report.bytes += Buffer.byteLength(text);
  }
  return report;
}
