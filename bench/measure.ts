// Small measurement helpers: percentiles, HTTP latency under concurrency, process memory.
// Requests go through node:http with keep-alive, the lightest client at hand: the client shares
// the machine's two cores with the server, and fetch() alone costs about a millisecond of CPU
// per request there.
import fs from "node:fs";
import http from "node:http";

/** p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export type Latency = { n: number; p50: number; p95: number; p99: number; errors: number };

/** Runs `total` requests from `concurrency` clients; each call returns once its response is read. */
export async function measureLatency(total: number, concurrency: number, call: (i: number) => Promise<void>): Promise<Latency> {
  const times: number[] = [];
  let next = 0;
  let errors = 0;
  const client = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      try {
        await call(i);
        times.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { n: times.length, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)), errors };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** GETs a URL, failing on a non-2xx answer; returns the body size. */
export function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => (res.statusCode! >= 200 && res.statusCode! < 300 ? resolve(bytes) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/** Current and peak resident memory of a process, in bytes (Linux /proc). */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export const MiB = 1024 * 1024;

/** Probes until `ok` accepts the value (a failed probe counts as not yet); throws after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, every = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
