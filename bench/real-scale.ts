// npm run bench:real [-- --size 10000] [--json FILE]
// Signpost against a real kube-apiserver + etcd (built by `npm run real:build`) with N Services:
// fill, `signpost start` until the catalog holds every one (list pages with limit and continue),
// then watched updates, deletes and creates. The same scenario as tests/real/signpost-scale.test.ts
// (tests/real/helpers/scale-run.ts), at the size of the sandbox benchmark.
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { realBinariesBuilt } from "../tests/real/helpers/control-plane";
import { runScale } from "../tests/real/helpers/scale-run";

const { values } = parseArgs({ options: { size: { type: "string", default: "10000" }, json: { type: "string" } } });
const size = Number(values.size);
if (!Number.isInteger(size) || size < 1) {
  console.error(`bench:real: --size must be a positive integer (got "${values.size}")`);
  process.exit(64);
}
if (!realBinariesBuilt()) {
  console.error("bench:real: the real control plane is not built: run npm run real:build");
  process.exit(69);
}
const f = await runScale(size, (line) => console.log(`  ${line}`));
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10, node: process.version, load: os.loadavg().map((l) => Math.round(l * 10) / 10) };
console.log(`\nSignpost on a real API server, ${size} Services (${machine.cpus} CPUs, ${machine.cpu}, load ${machine.load.join(" ")})`);
console.log(`  fill (16 concurrent creates)        ${(f.fillMs / 1000).toFixed(1)} s`);
console.log(`  start -> source live (lists done)   ${(f.startToLiveMs / 1000).toFixed(1)} s`);
console.log(`  start -> every API in the catalog   ${(f.startToCatalogMs / 1000).toFixed(1)} s`);
console.log(`  Service list pages                  ${f.serviceListPages} (limit ${f.pageLimit}, ${f.continuedPages} with continue)`);
console.log(`  peak RSS of signpost start          ${f.peakRssMiB} MiB`);
console.log(`  ${f.changes} watched updates visible        ${(f.changesMs / 1000).toFixed(2)} s`);
console.log(`  ${f.changes} deletes + ${f.changes} creates visible  ${(f.churnMs / 1000).toFixed(2)} s`);
if (values.json) fs.writeFileSync(values.json, JSON.stringify({ machine, figures: f }, null, 2));
process.exit(0);
