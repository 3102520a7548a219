// One real `signpost start` (embedded database, sandbox cluster and gateway, random ports, a
// temporary data directory, a bootstrap admin token), for tests of behaviour that lives in HTTP:
// they talk to it as any client would.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSignpost, statusOf, waitUntilHealthy } from "./signpost-process";
import { waitFor } from "./wait-for";
import { freePort } from "../../lib/runtime/check-port";

export const SERVER_ADMIN_TOKEN = "http-test-admin-token-0123456789";

export type SignpostServer = {
  url: string;
  /** the `signpost start` process */
  pid: number;
  dataDir: string;
  kubeconfig: string;
  /** the sandbox gateway's Kong Admin API */
  adminUrl: string;
  /** what the server printed so far */
  output(): string;
  stop(): Promise<void>;
  /** stops the server and removes its data directory */
  dispose(): Promise<void>;
};

export type ServerOptions = {
  /** extra settings (e.g. SIGNPOST_UPSTREAM_DENY) */
  env?: Record<string, string>;
  adminToken?: string;
  /** reuse a data directory (a restart); default: a new temporary one */
  dataDir?: string;
};

/** Starts the server and waits until it serves and the sandbox catalog is synced. */
export async function startSignpostServer(opts: ServerOptions = {}): Promise<SignpostServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "signpost-http-"));
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
    SIGNPOST_ADMIN_TOKEN: opts.adminToken ?? SERVER_ADMIN_TOKEN,
    ...opts.env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(proc, () => statusOf(`${url}/api/health`), { timeoutMs: 110_000 });
  // The banner is printed right after the health check passes.
  const banner = await waitFor(() => proc.output(), (o) => /Kong Admin API at \S+/.test(o), { timeoutMs: 10_000, what: "the start banner" });
  const adminUrl = /Kong Admin API at (\S+)/.exec(banner)![1];
  // The example APIs exist once the worker synced the sandbox cluster.
  await waitFor(() => fetch(`${url}/api/v1/resolve/usermgr`).then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000, what: "usermgr in the catalog" });
  return {
    url,
    pid: proc.child.pid!,
    dataDir,
    kubeconfig: path.join(dataDir, "sandbox.kubeconfig"),
    adminUrl,
    output: proc.output,
    stop: () => proc.stop(),
    async dispose() {
      await proc.stop();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
