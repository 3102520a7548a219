// Helpers for the sandbox proxy suites: requests with any Host header (fetch cannot set it), and
// loopback echo servers standing for upstream applications.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A proxied answer; `json` is the parsed body when it is JSON. */
export type ProxyResult = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: Record<string, unknown> | null };

/** Sends one request through the proxy at `base` with the given Host header. */
export function send(base: string, path: string, o: { host?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<ProxyResult> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: o.method ?? "GET", headers: { ...(o.host ? { host: o.host } : {}), ...o.headers } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => {
        let json: Record<string, unknown> | null = null;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    req.end(o.body);
  });
}

/** An upstream application on 127.0.0.1 that answers with its name and the request it got. */
export async function echoServer(name: string): Promise<{ port: number; server: Server; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const body = JSON.stringify({ server: name, method: req.method, url: req.url, host: req.headers.host, headers: req.headers });
    res.writeHead(200, { "content-type": "application/json", "x-upstream": name });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return { port, server, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
