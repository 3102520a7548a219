// One real `signpost start` for the CLI tests (embedded database, sandbox cluster and gateway,
// random ports, temporary data directory, a bootstrap admin token), and a runner for the
// `signpost` client commands pointed at it.
import { runSignpost, startSignpost, type Finished } from "../../helpers/signpost-process";
import { startSignpostServer } from "../../helpers/signpost-server";
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
  const server = await startSignpostServer({ adminToken: ADMIN_TOKEN });
  const env = { SIGNPOST_URL: server.url, SIGNPOST_TOKEN: ADMIN_TOKEN };
  return {
    url: server.url,
    dataDir: server.dataDir,
    kubeconfig: server.kubeconfig,
    adminUrl: server.adminUrl,
    run: (args, extra = {}) => runSignpost(args, { ...env, ...extra }, 30_000),
    spawn: (args) => startSignpost(args, env),
    stop: () => server.stop(),
    dispose: () => server.dispose(),
  };
}

/** The stderr of a finished command, which must be exactly one line. */
export function oneLine(r: Finished): string {
  const lines = r.stderr.trimEnd().split("\n");
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${r.stderr}`);
  return lines[0];
}
