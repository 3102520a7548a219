// The configuration `next build` serialised into .next/required-server-files.json, for a Next.js
// server that must not load next.config.ts again (bin/web-server.mjs, and the web server inside
// `signpost start --single-process`): transpiling it keeps Next's native SWC compiler mapped,
// 25 MiB resident for the life of the process (docs/benchmarks.md). Next's standalone server.js
// (the web image) starts the same way. Like `next start`, it first reads the directory's .env files.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Reads the built app's configuration in `dir` and tells Next.js to use it as it is. */
export function applyBuiltNextConfig(dir) {
  let config;
  try {
    ({ config } = JSON.parse(fs.readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8")));
  } catch (err) {
    throw new Error(`the web app is not built in ${dir} (run npm run build): ${err.message}`);
  }
  const fromNext = createRequire(createRequire(path.join(dir, "package.json")).resolve("next/package.json"));
  fromNext("@next/env").loadEnvConfig(dir, false, { info: () => {}, error: (...a) => console.error(...a) });
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  return config;
}
