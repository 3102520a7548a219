// Optional instrumentation for the worker's heap: prints, every 2 s, the resident set and V8's
// heap in use and committed (per space). Not part of `npm run bench`; used for the live-heap
// figures in docs/benchmarks.md:
//   NODE_OPTIONS="--import ./bench/heap-sampler.mjs" npm run bench -- --size 10000 2>&1 | grep '\[heap\]'
// Only processes started with the `worker` argument report.
import v8 from "node:v8";

if (process.argv.includes("worker")) {
  const mib = (b) => Math.round(b / 1048576);
  setInterval(() => {
    const m = process.memoryUsage();
    const spaces = v8
      .getHeapSpaceStatistics()
      .filter((s) => s.physical_space_size > 1048576)
      .map((s) => `${s.space_name.replace("_space", "")}:${mib(s.space_used_size)}/${mib(s.physical_space_size)}`)
      .join(" ");
    process.stderr.write(`[heap] rss ${mib(m.rss)} MiB, heap used ${mib(m.heapUsed)} of ${mib(m.heapTotal)} MiB | ${spaces}\n`);
  }, 2000).unref();
}
