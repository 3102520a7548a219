// One real `signpost start` (embedded database, sandbox cluster and gateway, random ports, a
// temporary data directory, a bootstrap admin token) for tests of what lives in HTTP: pages,
// status codes, headers, cookies, auth. `request` speaks plain HTTP from a chosen local address
// (all of 127/8 is this machine), so tests can be "another client" or "the trusted proxy".
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startSignpost, waitUntilHealthy } from "./signpost-process";
import { waitFor } from "./wait-for";
import { freePort } from "../../lib/runtime/check-port";

export const SERVER_ADMIN_TOKEN = "http-test-admin-token-0123456789";

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string; json<T = unknown>(): T };

export type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  /** a JSON body (sets Content-Type) */
  body?: unknown;
  /** the local address to connect from (default 127.0.0.1) */
  from?: string;
};

export type SignpostServer = {
  url: string;
  port: number;
  dataDir: string;
  /** the sandbox cluster's API server and the sandbox gateway's Admin API, as the banner printed them */
  kubeUrl: string;
  adminUrl: string;
  request(pathname: string, o?: RequestOptions): Promise<HttpAnswer>;
  output(): string;
  dispose(): Promise<void>;
};

/** Starts `signpost start` with `env` on top of the defaults; waits until usermgr is in the catalog. */
/**
 * A server whose prober checks APIs every 300 ms through the sandbox proxy, on a port the catalog
 * shows as the proxy URL (so that probe URLs and answers name the same port), plus `env`.
 */
export async function startProbingServer(env: Record<string, string> = {}): Promise<SignpostServer> {
  const proxyPort = await freePort();
  return startSignpostServer({
    SIGNPOST_SANDBOX_PROXY_PORT: String(proxyPort),
    SIGNPOST_KONG_PROXY_URL: `http://localhost:${proxyPort}`,
    SIGNPOST_PROBE_INTERVAL: "300ms",
    SIGNPOST_PROBE_TIMEOUT: "300ms",
    ...env,
  });
}

export async function startSignpostServer(env: Record<string, string> = {}): Promise<SignpostServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-http-"));
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
    SIGNPOST_ADMIN_TOKEN: SERVER_ADMIN_TOKEN,
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  const request = (pathname: string, o: RequestOptions = {}) => httpRequest(port, pathname, o);
  try {
    await waitUntilHealthy(proc, () => request("/api/health").then((r) => r.status), { timeoutMs: 110_000 });
    const banner = await waitFor(() => proc.output(), (o) => /Kong Admin API at \S+/.test(o), { timeoutMs: 10_000, what: "the start banner" });
    const auth = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
    await waitFor(() => request("/api/v1/resolve/usermgr", { headers: auth }).then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000, what: "usermgr in the catalog" });
    const sources = await request("/api/v1/sources", { headers: auth });
    const cluster = sources.json<{ data: { kind: string; endpoint: string | null }[] }>().data.find((s) => s.kind === "cluster");
    return {
      url,
      port,
      dataDir,
      kubeUrl: cluster?.endpoint ?? "",
      adminUrl: /Kong Admin API at (\S+)/.exec(banner)![1],
      request,
      output: () => proc.output(),
      async dispose() {
        await proc.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await proc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

function httpRequest(port: number, pathname: string, o: RequestOptions): Promise<HttpAnswer> {
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  const headers: Record<string, string> = { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...o.headers };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method: o.method ?? "GET", headers, localAddress: o.from }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The `signpost_session=...` pair of a sign-in answer, to send back as Cookie. */
export function sessionCookieOf(a: HttpAnswer): string {
  const set = [a.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith("signpost_session="));
  if (!set) throw new Error(`no session cookie in the answer (${a.status} ${a.text.slice(0, 200)})`);
  return set.split(";")[0];
}
