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
