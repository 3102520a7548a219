// One real `signpost start` for the CLI tests (embedded database, sandbox cluster and gateway,
// random ports, temporary data directory, a bootstrap admin token), and a runner for the
// `signpost` client commands pointed at it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runSignpost, startSignpost, type Finished } from "../../helpers/signpost-process";
import { waitFor } from "../../helpers/wait-for";
import { freePort } from "../../../lib/runtime/check-port";
export { freePort };

export const ADMIN_TOKEN = "cli-test-admin-token-0123456789";

export type CliServer = {
  url: string;
  dataDir: string;
  kubeconfig: string;
  /** the sandbox gateway's Kong Admin API */
  adminUrl: string;
  /** runs `signpost <args>` with SIGNPOST_URL and SIGNPOST_TOKEN set for this server */
  run(args: string[], env?: Record<string, string>): Promise<Finished>;
  /** starts a long-running command (watch) against this server */
  spawn(args: string[]): ReturnType<typeof startSignpost>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
};


/** Starts the server and waits until it serves and the sandbox catalog is synced. */
export async function startCliServer(): Promise<CliServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-cli-"));
  const port = await freePort();
  const proc = startSignpost(["start"], {
    PORT: String(port),
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_SANDBOX_KUBE_PORT: "0",
    SIGNPOST_SANDBOX_KONG_PORT: "0",
    SIGNPOST_SANDBOX_PROXY_PORT: "0",
    SIGNPOST_SANDBOX_PROXY_TLS_PORT: "0",
    // The sandbox proxy listens on a free port; the catalog shows the address a user would use.
    SIGNPOST_KONG_PROXY_URL: "http://localhost:8000",
    SIGNPOST_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    () => fetch(`${url}/api/health`).then((r) => r.status),
    (s) => s === 200 || proc.child.exitCode !== null,
    { timeoutMs: 110_000, intervalMs: 200, what: "signpost start to be healthy" },
  );
  if (proc.child.exitCode !== null) throw new Error(`signpost start exited: ${proc.output().slice(-1000)}`);
  // The banner is printed right after the health check passes.
  const banner = await waitFor(() => proc.output(), (o) => /Kong Admin API at \S+/.test(o), { timeoutMs: 10_000, what: "the start banner" });
  const adminUrl = /Kong Admin API at (\S+)/.exec(banner)![1];
  // The example APIs exist once the worker synced the sandbox cluster.
  await waitFor(() => fetch(`${url}/api/v1/resolve/usermgr`).then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000, what: "usermgr in the catalog" });
  const env = { SIGNPOST_URL: url, SIGNPOST_TOKEN: ADMIN_TOKEN };
  return {
    url,
    dataDir,
    kubeconfig: path.join(dataDir, "sandbox.kubeconfig"),
    adminUrl,
    run: (args, extra = {}) => runSignpost(args, { ...env, ...extra }, 30_000),
    spawn: (args) => startSignpost(args, env),
    stop: () => proc.stop(),
    async dispose() {
      await proc.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The stderr of a finished command, which must be exactly one line. */
export function oneLine(r: Finished): string {
  const lines = r.stderr.trimEnd().split("\n");
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${r.stderr}`);
  return lines[0];
}
