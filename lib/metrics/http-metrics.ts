// Request counts and latency per route, per web server process, for /metrics.
import { methodLabel } from "./route-template";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
type Series = { count: number; sum: number; buckets: number[] };
const g = globalThis as unknown as { __signpostHttp?: Map<string, Series> };
const series = (g.__signpostHttp ??= new Map());

/** Records one request under its route template (lib/metrics/route-template.ts), never its path. */
export function observeRequest(method: string, template: string, status: number, seconds: number): void {
  const key = `${methodLabel(method)}\u0000${template}\u0000${status}`;
  let s = series.get(key);
  if (!s) {
    s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
    series.set(key, s);
  }
  s.count++;
  s.sum += seconds;
  BUCKETS.forEach((b, i) => {
    if (seconds <= b) s!.buckets[i]++;
  });
}

/** Prometheus text of the request metrics. */
export function httpMetricsText(): string {
  const lines = [
    "# HELP signpost_http_requests_total REST requests by method, route and status.",
    "# TYPE signpost_http_requests_total counter",
  ];
  const hist = ["# HELP signpost_http_request_duration_seconds REST request latency.", "# TYPE signpost_http_request_duration_seconds histogram"];
  for (const [key, s] of series) {
    const [method, route, status] = key.split("\u0000");
    const l = `method="${method}",route="${esc(route)}",status="${status}"`;
    lines.push(`signpost_http_requests_total{${l}} ${s.count}`);
    BUCKETS.forEach((b, i) => hist.push(`signpost_http_request_duration_seconds_bucket{${l},le="${b}"} ${s.buckets[i]}`));
    hist.push(`signpost_http_request_duration_seconds_bucket{${l},le="+Inf"} ${s.count}`);
    hist.push(`signpost_http_request_duration_seconds_sum{${l}} ${s.sum}`);
    hist.push(`signpost_http_request_duration_seconds_count{${l}} ${s.count}`);
  }
  return [...lines, ...hist].join("\n");
}

export function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
