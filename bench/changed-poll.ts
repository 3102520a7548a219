// What one gateway poll costs the worker, by what changed: nothing, one route, one service, and
// the same polls read in full (every page parsed, validated and reshaped, as polls were read before
// the page memo). `npm run bench:poll [-- --size N --trials T]`. The sandbox gateway, filled as
// `npm run bench` fills it (N microservices through the sandbox Ingress Controller), serves from a
// child process, so that the CPU time measured here is the poller's alone.
import { spawn } from "node:child_process";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { catalogSnapshot, type PageMemo } from "../lib/kong";
import { reshapeKongPlugin, reshapeKongRoute, reshapeKongService } from "../lib/kong/reshape/reshape-kong";
import { round } from "./measure";

const { values } = parseArgs({ options: { size: { type: "string", default: "10000" }, trials: { type: "string", default: "5" }, child: { type: "boolean", default: false } } });
const N = Number(values.size);

if (values.child) await serve();
else await measure();

/** The child: fills and serves a sandbox gateway; "route" or "service" on stdin changes one entity. */
async function serve(): Promise<void> {
  const { startSandboxCluster } = await import("../lib/sandbox/kube");
  const { startSandboxGateway } = await import("../lib/sandbox/kong");
  const { startSandboxIngressController } = await import("../lib/sandbox/kic");
  const { fillCluster } = await import("./fill");
  const cluster = await startSandboxCluster({ port: 0, name: "bench" });
  const gateway = await startSandboxGateway({ port: 0 });
  fillCluster(cluster, N);
  const kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 1e9 });
  kic.sync();
  kic.stop();
  let n = 0;
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    const kind = line.trim() === "service" ? "services" : "routes";
    const all = gateway.store.list(kind);
    const e = all[(n++ * 7919) % all.length];
    if (kind === "routes") gateway.store.update("routes", e.id as string, { paths: [`/moved-${n}`] });
    else gateway.store.update("services", e.id as string, { port: 8000 + (n % 1000) });
    process.stdout.write("ok\n");
  });
  process.stdout.write(`${gateway.url}\n`);
}

async function measure(): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--child", "--size", String(N)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  const target = { name: "edge", adminUrl: await next() };
  const change = async (what: "route" | "service") => {
    child.stdin!.write(`${what}\n`);
    await next();
  };
  /** One poll as the worker makes it: read, then reshape what it returned. */
  const poll = async (previous: string | null, memo?: PageMemo) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const snap = await catalogSnapshot(target, previous, memo ? { memo } : {});
    let entities = 0;
    if (!snap.unchanged) {
      const byId = new Map(snap.services.map((s) => [s.id, reshapeKongService("edge", s)]));
      for (const r of snap.routes) reshapeKongRoute("edge", r, r.service ? byId.get(r.service.id) : undefined);
      for (const p of snap.plugins) reshapeKongPlugin("edge", p);
      entities = snap.services.length + snap.routes.length + snap.plugins.length;
    }
    const used = process.cpuUsage(cpu);
    return { snap, entities, cpuMs: (used.user + used.system) / 1000, ms: performance.now() - started };
  };
  const first = await poll(null);
  if (first.snap.unchanged) throw new Error("a first poll cannot be unchanged");
  let { fingerprint, memo } = first.snap;
  const series: Record<string, { cpuMs: number[]; ms: number[]; entities: number[] }> = {};
  const record = (name: string, r: { cpuMs: number; ms: number; entities: number }) => {
    const s = (series[name] ??= { cpuMs: [], ms: [], entities: [] });
    s.cpuMs.push(r.cpuMs);
    s.ms.push(r.ms);
    s.entities.push(r.entities);
  };
  for (let t = 0; t < Number(values.trials); t++) {
    record("unchanged", await poll(fingerprint, memo));
    for (const what of ["route", "service"] as const) {
      await change(what);
      // the same change read in full (no memo), then as the worker reads it (the last applied poll's memo)
      record(`one ${what}, read in full`, await poll(fingerprint));
      const r = await poll(fingerprint, memo);
      record(`one ${what}, pages that changed`, r);
      if (!r.snap.unchanged) ({ fingerprint, memo } = r.snap);
    }
  }
  child.kill();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`gateway of ${first.entities} entities (${N} microservices), median of ${values.trials} polls each`);
  console.log("| poll | entities read | CPU ms | wall ms |\n|---|---|---|---|");
  for (const [name, s] of Object.entries(series)) console.log(`| ${name} | ${median(s.entities)} | ${round(median(s.cpuMs), 1)} | ${round(median(s.ms), 1)} |`);
}
