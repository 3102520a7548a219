// GET /metrics - Prometheus metrics of this web server: request latency, event streams, blocking
// resolves, rate-limit refusals, and its process and Node.js metrics. Gauges read from the
// database (sources, catalog size, change log, webhook backlog) are exported once, by the worker
// (its own /metrics, SIGNPOST_WORKER_METRICS_PORT).
import { route } from "@/lib/api/route";
import { httpMetricsText } from "@/lib/metrics/http-metrics";
import { processMetricsText } from "@/lib/metrics/process-metrics";
import { sseMetricsText } from "@/lib/events/sse-limits";
import { rateLimitMetricsText } from "@/lib/api/rate-limiter";
import { otherMethods } from "@/lib/api/other-methods";
import { resolveWaitMetricsText } from "@/lib/resolve/resolve-with-wait";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read" }, async () => {
  const mem = process.memoryUsage();
  const body = [
    httpMetricsText(),
    sseMetricsText(),
    resolveWaitMetricsText(),
    rateLimitMetricsText(),
    processMetricsText(),
    "# HELP signpost_process_resident_memory_bytes Resident memory of this web server.",
    "# TYPE signpost_process_resident_memory_bytes gauge",
    `signpost_process_resident_memory_bytes ${mem.rss}`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
