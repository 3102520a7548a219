// GET /metrics - Prometheus metrics: sources (state, sync lag), catalog size, events, request latency
import { route } from "@/lib/api/route";
import { catalogMetricsText } from "@/lib/metrics/catalog-metrics";
import { httpMetricsText } from "@/lib/metrics/http-metrics";
import { sseMetricsText } from "@/lib/events/sse-limits";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read" }, async () => {
  const mem = process.memoryUsage();
  const body = [
    await catalogMetricsText(getDb().pool),
    httpMetricsText(),
    sseMetricsText(),
    "# HELP signpost_process_resident_memory_bytes Resident memory of this web server.",
    "# TYPE signpost_process_resident_memory_bytes gauge",
    `signpost_process_resident_memory_bytes ${mem.rss}`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
