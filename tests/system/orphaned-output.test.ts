// The web server's preload (bin/peer-address.mjs) ends the process when its output pipe closes
// (the parent that read it was killed) instead of leaving an orphan that fails every log write.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const PRELOAD = path.resolve(import.meta.dirname, "../../bin/peer-address.mjs");

describe("web preload with a closed output pipe", () => {
  it("exits cleanly at the first failed write, even in a server that survives uncaught errors", async () => {
    // Like Next.js's server: uncaught errors are reported (to the closed pipe too) and it goes on.
    const server = "process.on('uncaughtException', (e) => console.error('uncaught', e.message)); setInterval(() => console.log('request log line'), 20)";
    const child = spawn(process.execPath, ["--import", PRELOAD, "-e", server], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise((resolve) => child.stdout!.once("data", resolve));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.stdout!.destroy();
    child.stderr!.destroy();
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), 5000))]);
    if (code === "still running") child.kill("SIGKILL");
    expect(code).toBe(0);
  });

  it("keeps running while its output is read", async () => {
    const child = spawn(process.execPath, ["--import", PRELOAD, "-e", "let n = 0; const t = setInterval(() => { console.log(n++); if (n === 20) { clearInterval(t); } }, 5)"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(out.trim().split("\n")).toHaveLength(20);
  });
});
