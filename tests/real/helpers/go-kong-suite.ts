// Runs go-kong's own integration tests (package github.com/kong/go-kong/kong, compiled by
// tools/real/build-kong-tools.sh) against the sandbox gateway: each top-level test in its own
// process, against a gateway started empty for it, as go-kong's CI runs them against a fresh Kong.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startSandboxGateway, type SandboxGatewayOptions } from "../../../lib/sandbox/kong";

/** The compiled test binary. */
export const GO_KONG_TEST_BIN = path.resolve(import.meta.dirname, "../../../tools/real/bin/go-kong.test");

/** One top-level test's outcome; `output` is its whole -test.v output; `mode` the gateway's. */
export type GoTestResult = { name: string; status: "pass" | "fail" | "skip"; output: string; skipReason?: string; mode: "postgres" | "dbless" };

// go-kong's RunWhenDBMode(t, "off") skip: such a test is run again against a DB-less gateway.
const NEEDS_DBLESS = 'detected Kong running in dbmode:"postgres" but requested dbmode:"off"';

/** go test runs a test binary in its package's folder (go-kong's tests read testdata/ from there). */
function packageDir(bin: string): string | undefined {
  const file = `${bin}.dir`;
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, cwd: packageDir(bin), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    // A test that hangs fails with what it printed instead of stalling the suite.
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The top-level Test functions of the binary (`-test.list`). */
export async function listGoKongTests(bin = GO_KONG_TEST_BIN): Promise<string[]> {
  const { code, output } = await run(bin, ["-test.list", "^Test"], process.env, 60_000);
  if (code !== 0) throw new Error(`${bin} -test.list failed (exit ${code}): ${output.slice(-2000)}`);
  return output.split("\n").map((l) => l.trim()).filter((l) => /^Test\w*$/.test(l));
}

/** The status go test printed for `name` (top level: "--- PASS: Name (0.01s)"). */
export function parseTopLevel(name: string, output: string): Pick<GoTestResult, "status" | "skipReason"> | null {
  const line = new RegExp(`^--- (PASS|FAIL|SKIP): ${name} \\(`, "m").exec(output);
  if (!line) return null;
  const status = line[1].toLowerCase() as GoTestResult["status"];
  if (status !== "skip") return { status };
  // The reason is the last log line ("    file.go:12: reason") before the SKIP line.
  const before = output.slice(0, line.index).trimEnd().split("\n");
  const reason = [...before].reverse().find((l) => /^\s+\S+\.go:\d+:/.test(l)) ?? "";
  return { status, skipReason: reason.trim().replace(/^\S+\.go:\d+:\s*/, "") };
}

// Tests of go-kong's own default address (http://localhost:8001 when KONG_ADMIN_URL is unset):
// they talk to no gateway, so they run without the variable, as in go-kong's CI.
const DEFAULT_ADDRESS_TESTS = new Set(["TestBaseRootURL"]);

/** Runs one test against a gateway started empty for it. */
export async function runGoKongTest(name: string, opts: { bin?: string; gateway?: SandboxGatewayOptions; timeoutMs?: number } = {}): Promise<GoTestResult> {
  const started = await startSandboxGateway(opts.gateway ?? {});
  const gateway = { url: started.url, mode: opts.gateway?.mode ?? "postgres", stop: () => started.stop() };
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, KONG_ADMIN_URL: gateway.url, KONG_ADMIN_TOKEN: "" };
    if (DEFAULT_ADDRESS_TESTS.has(name)) delete env.KONG_ADMIN_URL;
    const args = ["-test.run", `^${name}$`, "-test.v", "-test.count=1", "-test.timeout", "120s"];
    const { code, output } = await run(opts.bin ?? GO_KONG_TEST_BIN, args, env, opts.timeoutMs ?? 150_000);
    const parsed = parseTopLevel(name, output);
    const mode = gateway.mode;
    if (!parsed) return { name, status: "fail", output: `no result line (exit ${code})\n${output}`, mode };
    if (parsed.status === "pass" && code !== 0) return { name, status: "fail", output: `exit ${code}\n${output}`, mode };
    return { name, ...parsed, output, mode };
  } finally {
    await gateway.stop();
  }
}

/** Runs every (or the given) test, `concurrency` at a time; results in list order. */
export async function runGoKongSuite(opts: { bin?: string; names?: string[]; concurrency?: number; onResult?: (r: GoTestResult) => void } = {}) {
  const bin = opts.bin ?? GO_KONG_TEST_BIN;
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run tools/real/build-kong-tools.sh`);
  const names = opts.names ?? (await listGoKongTests(bin));
  const results: GoTestResult[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      results[i] = await runGoKongTest(names[i], { bin });
      if (results[i].skipReason === NEEDS_DBLESS) results[i] = await runGoKongTest(names[i], { bin, gateway: { mode: "dbless" } });
      opts.onResult?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
  const count = (s: GoTestResult["status"]) => results.filter((r) => r.status === s).length;
  return { results, passed: count("pass"), failed: count("fail"), skipped: count("skip") };
}
