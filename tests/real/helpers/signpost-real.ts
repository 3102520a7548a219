// Signpost as a user runs it against a real cluster: `signpost start` (embedded database, no
// sandboxes) with the environment a suite gives it (KUBECONFIG, or the in-cluster settings), on a
// free port and a data directory that can outlive one run (a restart). Suites talk to it over HTTP.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { freePort } from "../../../lib/runtime/check-port";
import { startSignpost, statusOf, waitUntilHealthy } from "../../helpers/signpost-process";
import { waitFor } from "../../helpers/wait-for";

export const REAL_ADMIN_TOKEN = "real-suite-admin-token-0123456789";

export type CatalogApi = {
  id: string;
  name: string;
  microservice: string | null;
  team: string | null;
  namespace: string | null;
  exposureMode: string;
  proxyUrl: string | null;
  modes: string[];
  readyPods: number | null;
  totalPods: number | null;
  goneAt: string | null;
  exposures: { mode: string; url: string | null; status: "ready" | "pending"; source: { kind: string; name: string }; details: Record<string, unknown> }[];
};

export type CatalogSource = { kind: string; name: string; state: string; lastError: string | null; lastFullSyncAt: string | null; counts: Record<string, number>; info: Record<string, unknown> };

export type RealSignpost = {
  url: string;
  dataDir: string;
  /** The process id of `signpost start` (its worker runs in that process). */
  pid: number;
  /** GET (or another method) with the admin token; resolves to status and parsed JSON body. */
  api<T = unknown>(pathname: string, init?: { method?: string; body?: unknown; token?: string }): Promise<{ status: number; body: T }>;
  /** Every API of a namespace (live only unless includeGone). */
  apis(namespace: string, includeGone?: boolean): Promise<CatalogApi[]>;
  source(kind: "cluster" | "gateway", name: string): Promise<CatalogSource | undefined>;
  output(): string;
  /** Stops the processes; the data directory stays (for a restart). */
  stop(): Promise<void>;
  /** Stops and removes the data directory. */
  dispose(): Promise<void>;
};

/** Writes a kubeconfig for `server` with `token` and `ca` (PEM); returns its path. */
export function writeKubeconfig(file: string, o: { server: string; token: string; ca: string; context?: string }): string {
  const name = o.context ?? "real";
  fs.writeFileSync(file, YAML.stringify({
    apiVersion: "v1", kind: "Config", "current-context": name,
    clusters: [{ name, cluster: { server: o.server, "certificate-authority-data": Buffer.from(o.ca).toString("base64") } }],
    users: [{ name: `${name}-user`, user: { token: o.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-user` } }],
  }));
  return file;
}

/**
 * Starts `signpost start` with `env` and waits until it serves and the cluster source `cluster`
 * has completed its first list (state live).
 */
export async function startRealSignpost(o: { env: Record<string, string>; cluster: string; dataDir?: string; live?: boolean }): Promise<RealSignpost> {
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "signpost-real-app-"));
  const port = await freePort();
  const proc = startSignpost(["start"], {
    PORT: String(port),
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_SANDBOX: "off",
    SIGNPOST_ADMIN_TOKEN: REAL_ADMIN_TOKEN,
    ...o.env,
  });
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(pathname: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
    const res = await fetch(url + pathname, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${init.token ?? REAL_ADMIN_TOKEN}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const apis = async (namespace: string, includeGone = false) => {
    const out: CatalogApi[] = [];
    let cursor = "";
    do {
      const q = new URLSearchParams({ namespace, limit: "500", ...(includeGone ? { includeGone: "true" } : {}), ...(cursor ? { cursor } : {}) });
      const page = await api<{ data: CatalogApi[]; nextCursor: string | null }>(`/api/v1/apis?${q}`);
      if (page.status !== 200) throw new Error(`GET /api/v1/apis: HTTP ${page.status} ${JSON.stringify(page.body)}`);
      out.push(...page.body.data);
      cursor = page.body.nextCursor ?? "";
    } while (cursor);
    return out;
  };
  const source = async (kind: string, name: string) =>
    (await api<{ data: CatalogSource[] }>("/api/v1/sources")).body.data.find((s) => s.kind === kind && s.name === name);
  const stop = () => proc.stop();
  try {
    await waitUntilHealthy(proc, () => statusOf(`${url}/api/health`), { timeoutMs: 150_000 });
    if (o.live !== false) {
      await waitFor(() => source("cluster", o.cluster), (s) => s?.state === "live", { timeoutMs: 60_000, intervalMs: 200, what: `cluster "${o.cluster}" to be live` });
    }
  } catch (err) {
    await proc.stop();
    if (!o.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n--- signpost output ---\n${proc.output().slice(-3000)}`);
  }
  return {
    url,
    dataDir,
    pid: proc.child.pid!,
    api,
    apis,
    source,
    output: proc.output,
    stop,
    async dispose() {
      await proc.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
