// Both /metrics endpoints over HTTP on a running `signpost start`: the web server's (requests,
// event streams, its process and Node.js metrics, and no database-derived gauge) and the worker's
// own (SIGNPOST_WORKER_METRICS_PORT: lease, writer queue, gateway polls and their CPU time,
// list/watch, webhooks, the catalog gauges exported once, process and Node.js metrics).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descendantPids } from "../helpers/signpost-process";
import { freePort } from "../../lib/runtime/check-port";
import { startSignpostServer, type SignpostServer } from "../helpers/signpost-server";
import { waitFor } from "../helpers/wait-for";

const value = (text: string, series: string): number | undefined => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
};

describe("metrics over HTTP", { timeout: 180_000 }, () => {
  let server: SignpostServer;
  let workerUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    workerUrl = `http://127.0.0.1:${port}`;
    server = await startSignpostServer({ env: { SIGNPOST_WORKER_METRICS_PORT: String(port) } });
  }, 180_000);
  afterAll(async () => server?.dispose());

  it("the web server exports its requests and process, and leaves the catalog gauges to the worker", async () => {
    await fetch(`${server.url}/api/v1/apis`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of ["signpost_http_requests_total{", "process_cpu_seconds_total ", "process_resident_memory_bytes ", "nodejs_heap_size_used_bytes ", 'nodejs_eventloop_lag_seconds{stat="p99"} ']) {
      expect(text, name).toContain(name);
    }
    expect(text).not.toContain("signpost_source_state");
    expect(text).not.toContain("signpost_apis{");
  });

  it("runs the web server child with two malloc arenas (the images set them too), and without LISTEN on the embedded database", () => {
    // Next.js renames its process ("next-server (v16…)").
    const web = descendantPids(server.pid).find((c) => fs.readFileSync(`/proc/${c}/cmdline`, "utf8").match(/web-server\.mjs|^next-server/));
    expect(web, "the web server child").toBeDefined();
    const environ = fs.readFileSync(`/proc/${web}/environ`, "utf8").split("\0");
    expect(environ).toContain("MALLOC_ARENA_MAX=2");
    // PGlite serves 8 connections and delivers no notifications between them: the listener would only take two.
    expect(environ).toContain("SIGNPOST_DB_NOTIFICATIONS=false");
  });

  it("the worker exports the lease, the writer, gateway polls, list/watch, webhooks and the catalog gauges", async () => {
    // a few polls of the sandbox gateway (every 10 s by default) are not needed: the first counts;
    // the source gauges come from the database, where the worker reports its sources every second.
    // The garbage collections counted are those since the metrics started: a worker that syncs
    // the seeded example may reach its first poll before its first one (its polls and reports
    // allocate, so one follows).
    const text = await waitFor(
      () => fetch(`${workerUrl}/metrics`).then((r) => r.text()),
      (t) =>
        /signpost_gateway_polls_total\{gateway="[^"]+",result="changed"\} [1-9]/.test(t) &&
        /signpost_source_state\{kind="cluster",source="[^"]+",state="live"\} 1/.test(t) &&
        /nodejs_gc_duration_seconds_count\{kind="[a-z]+"\} [1-9]/.test(t),
      { timeoutMs: 60_000, intervalMs: 500, what: "a gateway poll, the cluster reported live and a garbage collection in the worker's metrics" },
    );
    expect(value(text, "signpost_worker_leader")).toBe(1);
    expect(value(text, "signpost_writer_queue_depth")).toBeGreaterThanOrEqual(0);
    expect(value(text, 'signpost_apis{state="active"}')).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/signpost_source_state\{kind="cluster",source="[^"]+",state="live"\} 1/);
    expect(text).toMatch(/signpost_gateway_poll_cpu_seconds_total\{gateway="[^"]+"\} [0-9.e-]+/);
    expect(text).toMatch(/signpost_kube_list_duration_seconds_count\{cluster="[^"]+",resource="\/api\/v1\/services"\} [1-9]/);
    expect(value(text, "signpost_webhook_backlog")).toBe(0);
    expect(value(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(text).toMatch(/nodejs_gc_duration_seconds_count\{kind="[a-z]+"\} [1-9]/);
    expect(text).toContain('nodejs_eventloop_lag_seconds{stat="max"}');
  });

  it("the worker answers /healthz, and a JSON 404 and 405 elsewhere", async () => {
    const health = await fetch(`${workerUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", leader: true });
    const missing = await fetch(`${workerUrl}/nothing`);
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([404, "not_found"]);
    expect((await fetch(`${workerUrl}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
