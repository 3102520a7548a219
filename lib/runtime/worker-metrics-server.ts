// The worker's own HTTP endpoint (SIGNPOST_WORKER_METRICS_PORT, on HOST: loopback unless set):
// GET /metrics (Prometheus) and GET /healthz (200 while the worker runs: the image's HEALTHCHECK).
import http from "node:http";
import { logger } from "../log";

export type WorkerMetricsServer = { port: number; close(): Promise<void> };

/** Serves `metrics()` on /metrics and `health()` on /healthz. */
export async function startWorkerMetricsServer(o: {
  host: string;
  port: number;
  metrics: () => Promise<string>;
  health: () => Record<string, unknown>;
}): Promise<WorkerMetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "application/json", JSON.stringify({ error: { code: "method_not_allowed", message: `${req.method} is not served here (GET /metrics, GET /healthz)` } }));
    if (path === "/healthz") return send(200, "application/json", JSON.stringify({ status: "ok", ...o.health() }));
    if (path !== "/metrics") return send(404, "application/json", JSON.stringify({ error: { code: "not_found", message: `no such path: ${path} (GET /metrics, GET /healthz)` } }));
    o.metrics().then(
      (text) => send(200, "text/plain; version=0.0.4; charset=utf-8", text),
      (err: Error) => {
        logger.warn("worker metrics failed", { error: err.message });
        send(503, "application/json", JSON.stringify({ error: { code: "database_unavailable", message: "metrics are unavailable; retry shortly" } }));
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
