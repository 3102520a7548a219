// Event-to-visible latency, run as its own process by bench/run.ts: Services change in the sandbox
// cluster (a merge patch over its HTTP API, as kubectl sends one) while list requests load the
// server; each change is timed from the moment the cluster acknowledged its patch (the write
// committed, as the in-process store write was timed before) to its event on the server-sent
// event stream. In the bench process, which hosts both sandboxes (at 100k, 400k objects and their
// collections), the timer, the stream's reader and the list load shared that event loop: its own
// pauses counted as latency. Prints one JSON object on stdout.
//   tsx bench/event-client.ts BASE_URL KUBE_URL N COUNT
import { serviceName, nsOf } from "./fill";
import { get, percentile, round } from "./measure";

const [base, kube, size, changes] = process.argv.slice(2);
const N = Number(size);
const count = Number(changes);
if (!base || !kube || !Number.isInteger(N) || N < 1 || !Number.isInteger(count) || count < 1) {
  console.error("usage: tsx bench/event-client.ts BASE_URL KUBE_URL N COUNT");
  process.exit(2);
}

/** per changed Service: when its patch was acknowledged and when its event was seen (either first) */
const pending = new Map<string, { acked?: number; seen?: number }>();
const latencies: number[] = [];
/** the slowest changes, with the wall-clock time their patch was acknowledged (to find them in the worker's debug log) */
const timed: { name: string; ackedAt: number; ms: number }[] = [];
const ac = new AbortController();
const res = await fetch(`${base}/api/v1/events`, { headers: { accept: "text/event-stream" }, signal: ac.signal });
const reader = res.body!.getReader();
let buf = "";
const decoder = new TextDecoder();
const readLoop = (async () => {
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block.split("\n").find((l) => l.startsWith("data: "));
      if (!data) continue;
      const name = (JSON.parse(data.slice(6)) as { api: { name: string } }).api.name;
      const p = pending.get(name);
      if (p && p.seen === undefined) settle(name, { ...p, seen: performance.now() });
    }
  }
})();
function settle(name: string, p: { acked?: number; seen?: number }): void {
  if (p.acked === undefined || p.seen === undefined) {
    pending.set(name, p);
    return;
  }
  const ms = Math.max(0, p.seen - p.acked);
  latencies.push(ms);
  timed.push({ name, ackedAt: performance.timeOrigin + p.acked, ms });
  pending.delete(name);
}
let loadRunning = true;
const load = (async () => {
  while (loadRunning) await get(`${base}/api/v1/apis?limit=50`).catch(() => 0);
})();
for (let k = 0; k < count; k++) {
  const i = (k * 7919) % N;
  const name = serviceName(i);
  pending.set(name, {});
  const patched = await fetch(`${kube}/api/v1/namespaces/${nsOf(i)}/services/${name}`, {
    method: "PATCH",
    headers: { "content-type": "application/merge-patch+json" },
    body: JSON.stringify({ spec: { ports: [{ name: "http", port: 81 + (k % 50), targetPort: 8080 }] } }),
  });
  if (!patched.ok) throw new Error(`PATCH service ${nsOf(i)}/${name}: ${patched.status} ${await patched.text()}`);
  const acked = performance.now();
  await patched.arrayBuffer();
  settle(name, { ...pending.get(name), acked });
  await new Promise((r) => setTimeout(r, 50));
}
const deadline = Date.now() + 30_000;
while (pending.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
loadRunning = false;
await load;
ac.abort();
await readLoop;
process.stdout.write(JSON.stringify({ changes: count, seen: latencies.length, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(Math.max(...latencies)), slowest: slowest(5) }) + "\n");
process.exit(0);

function slowest(n: number): { service: string; ackedAt: string; ms: number }[] {
  return [...timed]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((t) => ({ service: t.name, ackedAt: new Date(t.ackedAt).toISOString(), ms: round(t.ms) }));
}
