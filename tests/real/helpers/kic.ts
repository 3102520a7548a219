// Starts the real Kong Ingress Controller that `npm run real:build` builds (.real/bin/kic) outside a
// cluster, as its own envtest-style tests do: a kubeconfig, a Kong Admin API URL, no leader
// election, no admission webhook, no anonymous reports, loopback ports for metrics and probes, and
// short sync intervals. Its log goes to a file; a process that exits before stop() is reported with
// the log tail.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../../../lib/runtime/check-port";
import { REAL_BIN_DIR } from "./control-plane";

/** The KIC binary and its CRDs (from github.com/kong/kubernetes-configuration). */
export const KIC_BIN = path.join(REAL_BIN_DIR, "kic");
export const KIC_CRD_DIR = path.resolve(REAL_BIN_DIR, "../crds/kic");

/** A running KIC. */
export type RealKic = {
  /** http://127.0.0.1:PORT of its health probes (/healthz, /readyz). */
  probeUrl: string;
  /** Everything it logged so far. */
  log(): string;
  /** Why it exited, with its log tail, when it exited before stop(). */
  died(): string | undefined;
  /** SIGTERM, SIGKILL after 10 s. */
  stop(): Promise<void>;
};

function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Starts KIC against `kubeconfig` and the Kong Admin API at `adminUrl`; resolves once its probes answer. */
export async function startKic(o: { kubeconfig: string; adminUrl: string; logFile: string; ingressClass?: string; timeoutMs?: number }): Promise<RealKic> {
  if (!fs.existsSync(KIC_BIN)) throw new Error(`the Kong Ingress Controller is not built (${KIC_BIN}): run npm run real:build`);
  const [metricsPort, probePort] = [await freePort(), await freePort()];
  const args = [
    `--kubeconfig=${o.kubeconfig}`,
    `--kong-admin-url=${o.adminUrl}`,
    `--ingress-class=${o.ingressClass ?? "kong"}`,
    // Outside a cluster there is no proxy Service to publish: the Ingress status gets this address.
    "--publish-status-address=127.0.0.1",
    "--anonymous-reports=false",
    "--force-leader-election=disabled",
    "--admission-webhook-listen=off",
    `--metrics-bind-address=127.0.0.1:${metricsPort}`,
    `--health-probe-bind-address=127.0.0.1:${probePort}`,
    // Push changes within half a second (default 3 s) and reconcile everything every minute.
    "--proxy-sync-seconds=0.5",
    "--sync-period=1m",
    "--kong-admin-init-retry-delay=200ms",
    // The Gateway API CRDs are installed on the test API server; this test is about Ingresses.
    "--enable-controller-gwapi-gateway=false",
    "--enable-controller-gwapi-httproute=false",
    "--enable-controller-gwapi-reference-grant=false",
    "--enable-controller-gwapi-grpcroute=false",
    "--log-format=text",
    "--log-level=debug",
  ];
  const fd = fs.openSync(o.logFile, "a");
  const child = spawn(KIC_BIN, args, { stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const read = () => (fs.existsSync(o.logFile) ? fs.readFileSync(o.logFile, "utf8") : "");
  let stopping = false;
  let death: string | undefined;
  let exited = false;
  child.on("exit", (code, signal) => {
    exited = true;
    if (!stopping) death ??= `kic exited unexpectedly (${signal ?? `code ${code}`}); last lines of ${o.logFile}:\n${tail(read())}`;
  });
  child.on("error", (err) => {
    death ??= `kic could not be started: ${err.message}`;
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = () => new Promise<void>((resolve) => {
    stopping = true;
    process.off("exit", killOnExit);
    if (exited) return resolve();
    const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
  const probeUrl = `http://127.0.0.1:${probePort}`;
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  for (;;) {
    if (death) throw new Error(death);
    try {
      if ((await fetch(`${probeUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`kic: /healthz did not answer within ${o.timeoutMs ?? 120_000} ms; last lines of its log:\n${tail(read())}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { probeUrl, log: read, died: () => death, stop };
}
