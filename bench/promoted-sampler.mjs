// Optional instrumentation for the web server: V8's sampling heap profiler, kept to the objects
// that outlive a young-generation collection (promoted, then live or collected by a full one).
// Not part of `npm run bench`; used for the "promoted during the reads" figures in
// docs/benchmarks.md (tenth round):
//   BENCH_WEB_NODE_FLAGS="--max-semi-space-size=8 --import ./bench/promoted-sampler.mjs" npm run bench -- --size 10000
// then `kill -USR2 <pid of next-server>` once to start sampling and once more to write
// promoted-<pid>.json (a Chrome DevTools .heapprofile) into PROMOTED_DIR (default: the temp dir).
import fs from "node:fs";
import inspector from "node:inspector";
import os from "node:os";
import path from "node:path";

const session = new inspector.Session();
session.connect();
const post = (method, params = {}) => new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
let sampling = false;
process.on("SIGUSR2", async () => {
  if (!sampling) {
    sampling = true;
    await post("HeapProfiler.enable");
    await post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
    process.stderr.write("[promoted] sampling\n");
    return;
  }
  sampling = false;
  const { profile } = await post("HeapProfiler.stopSampling");
  const file = path.join(process.env.PROMOTED_DIR ?? os.tmpdir(), `promoted-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(profile));
  process.stderr.write(`[promoted] written to ${file}\n`);
});
