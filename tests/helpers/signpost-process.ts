import fs from "node:fs";
// Runs `signpost <command>` as a child process, as a user would, and collects its output.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const BIN = path.resolve(import.meta.dirname, "..", "..", "bin", "signpost.mjs");

export type Finished = { code: number | null; stdout: string; stderr: string };

/** Runs a command to completion (or kills it after timeoutMs). */
export function runSignpost(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...baseEnv(), ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running command; `output()` returns what it printed so far. */
export function startSignpost(args: string[], env: Record<string, string>): { child: ChildProcess; output(): string; stop(): Promise<void> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...baseEnv(), ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return {
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** The environment of the test process without Signpost settings that would leak into the child. */
function baseEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith("SIGNPOST_") || k === "DATABASE_URL" || k === "KUBECONFIG" || k === "PORT") continue;
    out[k] = v;
  }
  out.SIGNPOST_LOG_LEVEL = "warn";
  out.SIGNPOST_BUILD_ON_START = "never";
  return out;
}

/** Child processes of `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const dir = `/proc/${pid}/task`;
  return fs
    .readdirSync(dir)
    .flatMap((t) => fs.readFileSync(`${dir}/${t}/children`, "utf8").trim().split(/\s+/))
    .filter(Boolean)
    .map(Number);
}

/** Every descendant of `pid`, children first. */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  for (let todo = childPids(pid); todo.length; ) {
    const next = todo.shift()!;
    out.push(next);
    todo.push(...childPids(next));
  }
  return out;
}

/**
 * Waits until `probe` (a request to the server's health route) answers 200 while `proc` runs. A
 * probe that fails (nothing listens yet) counts as not yet, so the wait also ends as soon as the
 * process exits; either failure stops the process and carries what it printed.
 */
export async function waitUntilHealthy(
  proc: { child: ChildProcess; output(): string; stop(): Promise<void> },
  probe: () => Promise<number>,
  opts: { timeoutMs: number; what?: string },
): Promise<void> {
  const exited = () => proc.child.exitCode !== null || proc.child.signalCode !== null;
  const what = opts.what ?? "signpost start to be healthy";
  const deadline = Date.now() + opts.timeoutMs;
  let last = "nothing yet";
  while (!exited()) {
    const status = await probe().then(
      (s) => s,
      (err: Error) => ((last = String((err.cause as Error | undefined)?.message ?? err.message)), 0),
    );
    if (status === 200) return;
    if (status) last = `HTTP ${status}`;
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}; last seen: ${last}\n--- it printed:\n${proc.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`exited (${proc.child.exitCode ?? proc.child.signalCode}) while waiting for ${what}; it printed:\n${proc.output().slice(-4000)}`);
}

/** GET `url` and its status, given up after 10 s (a server that accepts but never answers). */
export const statusOf = (url: string, headers: Record<string, string> = {}): Promise<number> =>
  fetch(url, { headers, signal: AbortSignal.timeout(10_000) }).then(async (r) => (await r.body?.cancel(), r.status));
