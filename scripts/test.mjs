// `npm test`: lint and typecheck (in parallel), then unit/integration/conformance tests
// (Vitest), then the browser tests (Playwright). Stops at the first failing stage.
import { spawn } from "node:child_process";

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
  [["playwright", npx, ["playwright", "test"]]],
];

for (const stage of stages) {
  const codes = await Promise.all(stage.map(([name, cmd, args]) => run(name, cmd, args)));
  if (codes.some((c) => c !== 0)) process.exit(1);
}
console.log("\n[npm test] all stages passed");
