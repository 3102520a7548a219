// Prints the benchmark's figures as a table.

type Report = Record<string, unknown> & {
  size: number;
  machine: { cpus: number; cpu?: string; memoryGiB: number; node: string; database: string };
  sync: { seconds: number; objects: number; objectsPerSecond: number; apis: number };
  memory: Record<string, number>;
  latencyMs: Record<string, { p50: number; p95: number; p99: number; errors: number }>;
  catalogPage: { p50: number; p95: number; bytes: number; gzipBytes: number };
  eventToVisibleMs: { changes: number; seen: number; p50: number; p99: number; max: number };
  registerMs: { p50: number; p95: number };
};

export function printReport(r: Report): void {
  const rows: [string, string][] = [
    ["size (microservices)", String(r.size)],
    ["machine", `${r.machine.cpus} cores ${r.machine.cpu ?? ""}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.database}`],
    ["initial sync", `${r.sync.seconds} s for ${r.sync.objects} objects (${r.sync.objectsPerSecond} objects/s), ${r.sync.apis} APIs`],
    ["worker memory", `peak ${r.memory.workerPeakMiB} MiB, steady ${r.memory.workerSteadyMiB} MiB (idle ${r.memory.workerIdleMiB} MiB), ${r.memory.workerBytesPerObject} B per synced object`],
    ["web memory", `${r.memory.webMiB} MiB (peak ${r.memory.webPeakMiB} MiB)`],
    ...Object.entries(r.latencyMs).map(([k, v]) => [`${k} p50/p95/p99`, `${v.p50} / ${v.p95} / ${v.p99} ms${v.errors ? ` (${v.errors} errors)` : ""}`] as [string, string]),
    ["catalog page", `p50 ${r.catalogPage.p50} ms, p95 ${r.catalogPage.p95} ms, ${Math.round(r.catalogPage.bytes / 1024)} KiB (${Math.round(r.catalogPage.gzipBytes / 1024)} KiB gzipped)`],
    ["event to visible (SSE)", `p50 ${r.eventToVisibleMs.p50} ms, p99 ${r.eventToVisibleMs.p99} ms, max ${r.eventToVisibleMs.max} ms (${r.eventToVisibleMs.seen}/${r.eventToVisibleMs.changes})`],
    ["register round trip", `p50 ${r.registerMs.p50} ms, p95 ${r.registerMs.p95} ms`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n")}\n\n`);
}
