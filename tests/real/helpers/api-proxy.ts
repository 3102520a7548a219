// A TLS reverse proxy in front of the real API server, for suites that need to see what Signpost
// asks (each request's method, path, status, and whether a watch stream carried a 410 ERROR event)
// and to take the network away from it (cut open connections, refuse new ones) the way a load
// balancer or an API-server restart does. It serves the API server's own certificate (SAN
// 127.0.0.1), so a kubeconfig that trusts the server trusts the proxy.
import fs from "node:fs";
import https from "node:https";
import type net from "node:net";
import path from "node:path";
import { freePort } from "../../../lib/runtime/check-port";

/** One request: `status` stays 0 until the API server's headers arrive; `at` is when it came in. */
export type ProxiedRequest = { method: string; path: string; status: number; gone: boolean; at: number };

export type ApiProxy = {
  /** https://127.0.0.1:PORT */
  url: string;
  /** Every request so far, in the order they came in. */
  requests: ProxiedRequest[];
  /** Drops every open connection and refuses new ones until unblock(). */
  block(): void;
  unblock(): void;
  stop(): Promise<void>;
};

/** Starts the proxy for the control plane at `target` (its data directory holds the serving key). */
export async function startApiProxy(target: { url: string; ca: string; dataDir: string }): Promise<ApiProxy> {
  const certDir = path.join(target.dataDir, "certs");
  const upstream = new URL(target.url);
  const agent = new https.Agent({ ca: target.ca, keepAlive: true });
  const sockets = new Set<net.Socket>();
  const requests: ProxiedRequest[] = [];
  let blocked = false;

  const server = https.createServer({ key: fs.readFileSync(path.join(certDir, "apiserver.key")), cert: fs.readFileSync(path.join(certDir, "apiserver.crt")) }, (req, res) => {
    const entry: ProxiedRequest = { method: req.method ?? "", path: req.url ?? "", status: 0, gone: false, at: Date.now() };
    requests.push(entry);
    const out = https.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (up) => {
        entry.status = up.statusCode ?? 0;
        entry.gone = up.statusCode === 410;
        res.writeHead(up.statusCode ?? 502, up.headers);
        // A watch with nothing to report sends its headers at once and no body: pass them on now
        // (Node would hold them until the first body chunk).
        res.flushHeaders();
        // A watch reports a too-old resourceVersion as an ERROR event inside a 200 stream.
        let tail = "";
        up.on("data", (chunk: Buffer) => {
          const text = tail + chunk.toString("utf8");
          if (/"type":"ERROR".*"code":410/.test(text)) entry.gone = true;
          tail = text.slice(-200);
        });
        up.pipe(res);
        up.on("error", () => res.destroy());
      },
    );
    out.on("error", () => res.destroy());
    res.on("close", () => out.destroy());
    req.pipe(out);
  });
  server.on("secureConnection", (s) => {
    if (blocked) return s.destroy();
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  // Refused before the handshake too: a blocked proxy looks like a server that went away.
  server.on("connection", (s: net.Socket) => {
    if (blocked) s.destroy();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    block() {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    unblock() {
      blocked = false;
    },
    async stop() {
      blocked = true;
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
