// The measuring clients bench/run.ts starts as processes of their own (the sandboxes live in the
// bench process, and their work would stall a client sharing its event loop). Each prints one
// JSON object on stdout.
import { spawn } from "node:child_process";
import path from "node:path";
import type { Latency } from "./measure";

const ROOT = path.resolve(import.meta.dirname, "..");

async function runClient<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => process.stderr.write(`  | ${d}`));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(out) as T;
}

/** bench/latency-client.ts against `base` (N: the catalog's size). */
export function latencyClient(
  base: string,
  N: number,
  target: "signpost" | "backstage" = "signpost",
): Promise<{ latencyMs: Record<string, Latency>; catalogPage: { p50: number; p95: number; bytes: number; gzipBytes: number } }> {
  return runClient("bench/latency-client.ts", [base, String(N), target]);
}

/** bench/event-client.ts: `changes` changes through the sandbox cluster's API, seen on `base`'s event stream. */
export function eventClient(base: string, kubeUrl: string, N: number, changes: number): Promise<{ changes: number; seen: number; p50: number; p99: number; max: number; slowest: { service: string; ackedAt: string; ms: number }[] }> {
  return runClient("bench/event-client.ts", [base, kubeUrl, String(N), String(changes)]);
}
