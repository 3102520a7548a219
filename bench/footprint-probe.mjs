// Preload for bench/footprint.ts: on SIGUSR2 a process writes its memory as V8 and Node see it to
// $FOOTPRINT_DIR/<pid>.json (heap in use and committed, per heap space, code space, external and
// array buffers, malloc'd memory), so the footprint can say what the resident set is made of.
// With FOOTPRINT_HEAPSNAPSHOT=1 it also writes a heap snapshot there (slow; for analysis, not for
// the figures); with FOOTPRINT_MODULES=1 the modules it loaded (ES modules through a resolve hook,
// CommonJS ones from require's cache). Loaded with NODE_OPTIONS="--import ./bench/footprint-probe.mjs", which child
// processes inherit: `signpost start`'s `next start` reports too.
import fs from "node:fs";
import { createRequire, register } from "node:module";
import path from "node:path";
import v8 from "node:v8";

const dir = process.env.FOOTPRINT_DIR;
if (dir) {
  if (process.env.FOOTPRINT_MODULES === "1") register("./footprint-modules-hooks.mjs", import.meta.url);
  process.on("SIGUSR2", () => {
    const mem = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { used: s.space_used_size, committed: s.physical_space_size }]));
    const report = {
      pid: process.pid,
      argv: process.argv.slice(1).map((a) => path.basename(a)),
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      mallocedMemory: heap.malloced_memory,
      spaces,
    };
    if (process.env.FOOTPRINT_HEAPSNAPSHOT === "1") report.snapshot = v8.writeHeapSnapshot(path.join(dir, `${process.pid}.heapsnapshot`));
    if (process.env.FOOTPRINT_MODULES === "1") report.commonjs = Object.keys(createRequire(import.meta.url).cache);
    // Written aside and renamed: the reader never sees half a file.
    fs.writeFileSync(path.join(dir, `${process.pid}.json.part`), JSON.stringify(report));
    fs.renameSync(path.join(dir, `${process.pid}.json.part`), path.join(dir, `${process.pid}.json`));
  });
}
