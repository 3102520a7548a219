// The one HTTP path to an API server. Authentication, TLS and proxies come from client-node's
// KubeConfig; the request itself is a plain node:http(s) request so that watches can be bounded
// (time to headers, idle streams) and aborted at any moment.
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeError, kubeErrorFromResponse } from "./kube-error";

export type KubeResponse = { status: number; headers: http.IncomingHttpHeaders; body: http.IncomingMessage; request: http.ClientRequest };

/** The URL of `path` on the context's server, with client-node's agent (TLS) and credential headers. */
export async function kubeTarget(kc: KubeConfig, cluster: string, path: string, accept: string): Promise<{ url: URL; agent: http.Agent | undefined; headers: Record<string, string> }> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new KubeError(`cluster "${cluster}": the kubeconfig context has no server`, cluster);
  const url = new URL(server.replace(/\/+$/, "") + path);
  let init: { agent?: unknown; headers?: Headers };
  try {
    init = (await kc.applyToFetchOptions({})) as unknown as { agent?: unknown; headers?: Headers };
  } catch (err) {
    throw new KubeError(`cluster "${cluster}": cannot prepare credentials: ${(err as Error).message}`, cluster);
  }
  const headers: Record<string, string> = { Accept: accept };
  init.headers?.forEach((v, k) => (headers[k] = v));
  return { url, agent: init.agent as http.Agent | undefined, headers };
}

/**
 * Opens a GET request and resolves once headers arrive.
 * @param headersTimeoutMs fail if the server has not answered within this time
 */
export async function kubeOpen(
  kc: KubeConfig,
  cluster: string,
  path: string,
  opts: { headersTimeoutMs?: number; signal?: AbortSignal; accept?: string } = {},
): Promise<KubeResponse> {
  const { url, agent, headers } = await kubeTarget(kc, cluster, path, opts.accept ?? "application/json");
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<KubeResponse>((resolve, reject) => {
    const req = mod.request(url, { method: "GET", headers, agent });
    const timer = setTimeout(() => {
      req.destroy(new KubeError(`cluster "${cluster}": no answer from ${url.host} within ${opts.headersTimeoutMs} ms`, cluster, undefined, "Timeout", "ETIMEDOUT"));
    }, opts.headersTimeoutMs ?? 15_000);
    const onAbort = () => req.destroy(new KubeError(`cluster "${cluster}": request aborted`, cluster, undefined, "Aborted", "ABORT"));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("response", (res) => {
      clearTimeout(timer);
      // Aborting a request makes its response emit "aborted" errors; callers that care listen too.
      res.on("error", () => {});
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res, request: req });
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      if (err instanceof KubeError) return reject(err);
      const code = (err as NodeJS.ErrnoException).code;
      reject(new KubeError(`cluster "${cluster}": API server unreachable at ${url.host} (${code ?? err.message})`, cluster, undefined, undefined, code));
    });
    req.end();
  });
}

/** GETs a JSON document; non-2xx answers become KubeError with the server's Status message. */
export async function kubeGetJson<T>(kc: KubeConfig, cluster: string, path: string, timeoutMs = 30_000): Promise<T> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const res = await kubeOpen(kc, cluster, path, { headersTimeoutMs: timeoutMs, signal: ac.signal });
    const text = await readBody(res.body);
    if (res.status < 200 || res.status >= 300) throw kubeErrorFromResponse(cluster, res.status, text, `GET ${path.split("?")[0]}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeError(`cluster "${cluster}": GET ${path.split("?")[0]} returned invalid JSON`, cluster, res.status);
    }
  } finally {
    clearTimeout(timer);
  }
}

function readBody(body: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on("data", (c: Buffer) => chunks.push(c));
    body.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    body.on("error", reject);
    body.on("aborted", () => reject(new Error("response aborted")));
  });
}
