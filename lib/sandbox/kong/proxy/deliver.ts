// Delivering a proxied request: to a sandbox pod (which answers with who it is), or over real
// HTTP to a loopback address (a server a test or developer runs). Nothing else is contacted: an
// address that is neither is unreachable for the sandbox (Kong's 502).
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";

/** A sandbox pod behind an endpoint address. */
export type PodIdentity = { pod: string; namespace: string; service: string };

/** Finds the sandbox pod serving host:port, if any (the runtime asks the sandbox cluster); `serviceHost` and `serviceTags` are the Kong service's. */
export type PodResolver = (host: string, port: number, serviceHost?: string, serviceTags?: string[]) => PodIdentity | null;

/** The request as it leaves Kong. */
export type UpstreamRequest = {
  scheme: "http" | "https";
  host: string;
  port: number;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
};

/** What came back. */
export type UpstreamResponse = { status: number; headers: Record<string, string | string[]>; body: Buffer } | { error: string };

/** 127.0.0.0/8, ::1 and localhost: the only addresses the sandbox proxy really connects to. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  return h === "::1";
}

/** The JSON a sandbox pod answers with: who answered, and the request as it arrived. */
export function podAnswer(pod: PodIdentity, req: UpstreamRequest): UpstreamResponse {
  const [path, query = ""] = req.path.split("?");
  const body = Buffer.from(JSON.stringify({
    service: pod.service, namespace: pod.namespace, pod: pod.pod, method: req.method, path, query,
    host: req.headers.host ?? null, headers: req.headers,
  }));
  return { status: 200, headers: { "content-type": "application/json", "content-length": String(body.length), "x-sandbox-pod": pod.pod }, body };
}

/** Sends the request to a loopback server and reads the whole answer. */
export function forward(req: UpstreamRequest, timeoutMs: number): Promise<UpstreamResponse> {
  return new Promise((resolve) => {
    const lib = req.scheme === "https" ? https : http;
    const out = lib.request({
      host: req.host.replace(/^\[|\]$/g, ""), port: req.port, method: req.method, path: req.path, headers: req.headers,
      timeout: timeoutMs, ...(req.scheme === "https" ? { rejectUnauthorized: false } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers as Record<string, string | string[]>, body: Buffer.concat(chunks) }));
      res.on("error", (e) => resolve({ error: e.message }));
    });
    out.on("timeout", () => out.destroy(new Error("timeout")));
    out.on("error", (e) => resolve({ error: e.message }));
    out.end(req.body);
  });
}
