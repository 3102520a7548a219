// Starts and stops the real control plane built by `npm run real:build` (etcd + kube-apiserver on
// free loopback ports, a fresh data directory, a token file and a kubeconfig), the way
// controller-runtime's envtest runs them. A process that exits before stop() is reported with the
// tail of its log (startControlPlane rejects; later, `died()` says so and requests fail at once).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { freePort } from "../../../lib/runtime/check-port";
import { kubeHttp, type KubeTarget } from "./kube-http";

/** Where `npm run real:build` puts the binaries. */
export const REAL_BIN_DIR = path.resolve(import.meta.dirname, "../../../.real/bin");
/** Where `npm run real:build` copies the Gateway API CRDs. */
export const REAL_CRD_DIR = path.resolve(import.meta.dirname, "../../../.real/crds/gateway-api");

/** True when both binaries are there. */
export function realBinariesBuilt(): boolean {
  return ["etcd", "kube-apiserver"].every((b) => fs.existsSync(path.join(REAL_BIN_DIR, b)));
}

/** What a test needs to reach the running control plane (serialisable, for vitest's provide/inject). */
export type ControlPlaneInfo = {
  /** https://127.0.0.1:PORT */
  url: string;
  /** Bearer token of a user in system:masters. */
  token: string;
  /** PEM of the self-signed serving certificate (its SAN is 127.0.0.1). */
  ca: string;
  /** A kubeconfig file for kubectl and the client libraries. */
  kubeconfig: string;
  /** etcd's client URL (for compaction through its v3 HTTP gateway). */
  etcdUrl: string;
  /** The data directory; a file `died` appears in it when a process exits unexpectedly. */
  dataDir: string;
};

type Proc = { name: string; child: ChildProcess; log: string; exited: boolean };

/** A running etcd + kube-apiserver. */
export type ControlPlane = ControlPlaneInfo & {
  /** The log tail of a process that exited unexpectedly, or undefined. */
  died(): string | undefined;
  /** Stops both processes (SIGTERM, SIGKILL after 10 s) and removes the data directory. */
  stop(): Promise<void>;
};

const ADMIN_TOKEN = crypto.randomBytes(24).toString("hex");

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Compacts etcd's history up to `revision` (a resourceVersion) through its v3 HTTP gateway. */
export async function compactEtcd(etcdUrl: string, revision: string): Promise<void> {
  const res = await fetch(`${etcdUrl}/v3/kv/compaction`, { method: "POST", body: JSON.stringify({ revision, physical: true }) });
  if (!res.ok) throw new Error(`etcd compaction to ${revision}: HTTP ${res.status} ${await res.text()}`);
}

/** Starts etcd and kube-apiserver and resolves when /readyz answers 200. */
export async function startControlPlane(opts: { readyTimeoutMs?: number; serviceClusterIpRange?: string } = {}): Promise<ControlPlane> {
  if (!realBinariesBuilt()) throw new Error(`the real control plane is not built (${REAL_BIN_DIR}): run npm run real:build`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-real-"));
  const procs: Proc[] = [];
  let stopping = false;
  let death: string | undefined;

  const launch = (name: string, args: string[]): Proc => {
    const log = path.join(dataDir, `${name}.log`);
    const fd = fs.openSync(log, "a");
    const child = spawn(path.join(REAL_BIN_DIR, name), args, { stdio: ["ignore", fd, fd] });
    fs.closeSync(fd);
    const p: Proc = { name, child, log, exited: false };
    child.on("exit", (code, signal) => {
      p.exited = true;
      if (stopping) return;
      death ??= `${name} exited unexpectedly (${signal ?? `code ${code}`}); last lines of ${log}:\n${tail(log)}`;
      fs.writeFileSync(path.join(dataDir, "died"), death);
    });
    child.on("error", (err) => {
      death ??= `${name} could not be started: ${err.message}`;
    });
    procs.push(p);
    return p;
  };

  const killAll = () => {
    for (const p of procs) if (!p.exited) p.child.kill("SIGKILL");
  };
  // A test worker that exits without stop() must not leave servers behind.
  process.once("exit", killAll);

  const stop = async () => {
    stopping = true;
    process.off("exit", killAll);
    await Promise.all(procs.reverse().map((p) => new Promise<void>((resolve) => {
      if (p.exited) return resolve();
      const t = setTimeout(() => p.child.kill("SIGKILL"), 10_000);
      p.child.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      p.child.kill("SIGTERM");
    })));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    launch("etcd", [
      `--data-dir=${path.join(dataDir, "etcd")}`, `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`, "--unsafe-no-fsync=true", "--log-level=warn",
    ]);
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
    await until(deadline, () => death, async () => (await fetch(`${etcdUrl}/health`)).ok, "etcd /health");

    const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const saKey = path.join(dataDir, "sa.key");
    fs.writeFileSync(saKey, privateKey.export({ type: "pkcs1", format: "pem" }));
    const tokens = path.join(dataDir, "tokens.csv");
    fs.writeFileSync(tokens, `${ADMIN_TOKEN},admin,admin-uid,"system:masters"\n`);
    const certDir = path.join(dataDir, "certs");
    launch("kube-apiserver", [
      `--etcd-servers=${etcdUrl}`, "--bind-address=127.0.0.1", `--secure-port=${apiPort}`, `--cert-dir=${certDir}`,
      `--service-cluster-ip-range=${opts.serviceClusterIpRange ?? "10.0.0.0/24"}`, `--service-account-issuer=https://127.0.0.1:${apiPort}/`,
      `--service-account-key-file=${saKey}`, `--service-account-signing-key-file=${saKey}`,
      "--authorization-mode=RBAC", "--disable-admission-plugins=ServiceAccount", "--allow-privileged=true",
      `--token-auth-file=${tokens}`,
      // EndpointSlices bypass the watch cache: their watches and lists read etcd, so an etcd
      // compaction answers 410 there as it does on clusters whose cache has moved past an RV.
      "--watch-cache-sizes=endpointslices.discovery.k8s.io#0",
    ]);
    const url = `https://127.0.0.1:${apiPort}`;
    const crt = path.join(certDir, "apiserver.crt");
    await until(deadline, () => death, () => fs.existsSync(crt), "the self-signed serving certificate");
    const target: KubeTarget = { name: "real", url, token: ADMIN_TOKEN, ca: fs.readFileSync(crt, "utf8") };
    await until(deadline, () => death, async () => (await kubeHttp(target, "GET", "/readyz")).status === 200, "kube-apiserver /readyz");

    const kubeconfig = path.join(dataDir, "kubeconfig");
    fs.writeFileSync(kubeconfig, YAML.stringify({
      apiVersion: "v1", kind: "Config", "current-context": "real",
      clusters: [{ name: "real", cluster: { server: url, "certificate-authority-data": Buffer.from(target.ca!).toString("base64") } }],
      users: [{ name: "real-admin", user: { token: ADMIN_TOKEN } }],
      contexts: [{ name: "real", context: { cluster: "real", user: "real-admin", namespace: "default" } }],
    }));
    return { url, token: ADMIN_TOKEN, ca: target.ca!, kubeconfig, etcdUrl, dataDir, died: () => death, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls `probe` until it is true; fails at once with the log tail if a process died, or at the deadline. */
async function until(deadline: number, died: () => string | undefined, probe: () => boolean | Promise<boolean>, what: string): Promise<void> {
  let last = "";
  for (;;) {
    const d = died();
    if (d) throw new Error(`real control plane: ${d}`);
    try {
      if (await probe()) return;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`real control plane: timed out waiting for ${what}${last ? ` (last error: ${last})` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
