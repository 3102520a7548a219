// `npm test`: lint and typecheck (in parallel), then unit/integration/conformance tests
// (Vitest), then the suites against the real control plane (`npm run test:real`) where
// `npm run real:build` has built it, then the browser tests (Playwright). Stops at the first
// failing stage. Without the binaries the real stage is skipped with one line saying so.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

function run(name, cmd, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: process.env });
    child.on("exit", (code) => {
      const s = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n[npm test] ${name}: ${code === 0 ? "passed" : `FAILED (exit ${code})`} in ${s} s`);
      resolve(code ?? 1);
    });
  });
}

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const stages = [
  [
    ["lint", npx, ["eslint", "--max-warnings=0", "."]],
    ["typecheck", npx, ["tsc", "--noEmit"]],
  ],
  [["vitest", npx, ["vitest", "run"]]],
  [["test:real", npx, ["vitest", "run", "--config", "vitest.real.config.ts"]]],
  [["playwright", npx, ["playwright", "test"]]],
];

const realBin = path.resolve(import.meta.dirname, "../.real/bin");
const kongBin = path.resolve(import.meta.dirname, "../tools/real/bin");
const realBuilt =
  ["etcd", "kube-apiserver", "kic"].every((b) => fs.existsSync(path.join(realBin, b))) && ["go-kong.test", "deck"].every((b) => fs.existsSync(path.join(kongBin, b)));

for (const stage of stages) {
  if (stage[0][0] === "test:real" && !realBuilt) {
    console.log("\n[npm test] test:real: SKIPPED, the real control plane and Kong tools are not built (.real/bin, tools/real/bin); run `npm run real:build` (needs Go and the Go module proxy) to enable it");
    continue;
  }
  const codes = await Promise.all(stage.map(([name, cmd, args]) => run(name, cmd, args)));
  if (codes.some((c) => c !== 0)) process.exit(1);
}
console.log("\n[npm test] all stages passed");
