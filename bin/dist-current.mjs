// Whether dist/ (scripts/compile.mjs) is current: it exists and no TypeScript source under cli/
// or lib/ is newer than its stamp. NODE_ENV=production trusts any dist/ (installed images).
import fs from "node:fs";
import path from "node:path";

/** True when `root`/dist can run in place of the sources. */
export function distIsCurrent(root, env = process.env) {
  let built;
  try {
    built = fs.statSync(path.join(root, "dist", "BUILD_STAMP")).mtimeMs;
  } catch {
    return false;
  }
  if (env.NODE_ENV === "production") return true;
  const newer = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() ? newer(p) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") && fs.statSync(p).mtimeMs > built) return true;
    }
    return false;
  };
  return !["cli", "lib"].some((d) => fs.existsSync(path.join(root, d)) && newer(path.join(root, d)));
}
