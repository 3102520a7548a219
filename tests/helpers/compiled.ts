// Compiles dist/ (scripts/compile.mjs) unless it is current, for tests that run the compiled
// JavaScript (NODE_ENV=production makes bin/signpost.mjs use it).
import { spawnSync } from "node:child_process";
import path from "node:path";
// @ts-expect-error: plain JavaScript module without types
import { distIsCurrent } from "../../bin/dist-current.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");

export function ensureCompiled(): void {
  if ((distIsCurrent as (root: string, env: Record<string, string>) => boolean)(root, {})) return;
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "compile.mjs")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scripts/compile.mjs failed: ${r.stderr}`);
}
