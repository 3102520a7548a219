// Event-to-visible latency: Services change in the sandbox cluster while list requests load the
// server; each change is timed from the write to its event on the server-sent event stream.
import type { startSandboxCluster } from "../lib/sandbox/kube";
import { serviceName, nsOf } from "./fill";
import { get, percentile, round } from "./measure";

/** Changes `count` of the `N` filled Services' ports at ~20/s while list requests run, timing each change to its SSE event. */
export async function measureEvents(base: string, cluster: Awaited<ReturnType<typeof startSandboxCluster>>, count: number, N: number) {
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  const ac = new AbortController();
  const res = await fetch(`${base}/api/v1/events`, { headers: { accept: "text/event-stream" }, signal: ac.signal });
  const reader = res.body!.getReader();
  let buf = "";
  const readLoop = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += new TextDecoder().decode(value);
      let i: number;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (!data) continue;
        const name = (JSON.parse(data.slice(6)) as { api: { name: string } }).api.name;
        const t = pending.get(name);
        if (t !== undefined) {
          latencies.push(performance.now() - t);
          pending.delete(name);
        }
      }
    }
  })();
  let loadRunning = true;
  const load = (async () => {
    while (loadRunning) await get(`${base}/api/v1/apis?limit=50`).catch(() => 0);
  })();
  for (let k = 0; k < count; k++) {
    const i = (k * 7919) % N;
    const name = serviceName(i);
    pending.set(name, performance.now());
    cluster.store.patch({ apiVersion: "v1", kind: "Service", namespace: nsOf(i), name }, { spec: { ports: [{ name: "http", port: 81 + (k % 50), targetPort: 8080 }] } }, "merge");
    await new Promise((r) => setTimeout(r, 50));
  }
  const deadline = Date.now() + 30_000;
  while (pending.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  loadRunning = false;
  await load;
  ac.abort();
  await readLoop;
  return { changes: count, seen: latencies.length, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(Math.max(...latencies)) };
}
