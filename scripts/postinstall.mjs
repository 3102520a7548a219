// Runs after `npm install`: generates the Prisma client, compiles the server and CLI to dist/
// (scripts/compile.mjs) and builds the web app, so that `npm start` serves at once and runs
// compiled JavaScript. Prisma's CLI tries to download native engines first, which this
// network blocks; pointing the engine variables at any existing file (only where unset, so a
// machine with real engines keeps them) lets `prisma generate` run: the client itself is WebAssembly.
//   --generate-only   only the Prisma client
//   --build-only      only the builds (dist/ and the web app)
// SIGNPOST_SKIP_BUILD=1 skips the web build (the Dockerfile builds in its own step).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = new Set(process.argv.slice(2));
const placeholder = path.join(root, "node_modules", ".prisma-engine-placeholder");

function run(cmd, cmdArgs, env = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`signpost: ${path.basename(cmdArgs[0] ?? cmd)} ${cmdArgs.slice(1).join(" ")} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

if (!args.has("--build-only")) {
  fs.mkdirSync(path.dirname(placeholder), { recursive: true });
  if (!fs.existsSync(placeholder)) fs.writeFileSync(placeholder, "");
  run(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  });
}
if (!args.has("--generate-only")) {
  run(process.execPath, [path.join(root, "scripts", "compile.mjs")]);
}
if (!args.has("--generate-only") && process.env.SIGNPOST_SKIP_BUILD !== "1") {
  run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { NEXT_TELEMETRY_DISABLED: "1" });
}
