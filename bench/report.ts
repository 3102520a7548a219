// Prints the benchmark's figures as a table.

type Report = Record<string, unknown> & {
  size: number;
  machine: { cpus: number; cpu?: string; memoryGiB: number; node: string; database: string };
  sync: { seconds: number; objects: number; objectsPerSecond: number; apis: number; cpuSeconds?: { worker: number; postgres: number; sandboxes?: number; workerWrittenMB?: number } };
  memory: Record<string, number>;
  latencyMs: Record<string, { p50: number; p95: number; p99: number; errors: number }>;
  catalogPage: { p50: number; p95: number; bytes: number; gzipBytes: number };
  eventToVisibleMs: { changes: number; seen: number; p50: number; p99: number; max: number; sandboxLoopDelayMaxMs?: number; slowest?: { service: string; ackedAt: string; ms: number }[] };
  registerMs: { p50: number; p95: number };
  gatewayPolls?: { polls: number; unchanged: number; cpuSecondsPerPoll: number; secondsPerPoll: number; lastCpuSeconds?: number; lastSeconds?: number };
  peer?: {
    versions: Record<string, string>;
    entities: number;
    untilQueryableSeconds: number;
    entitiesPerSecond: number;
    rssMiB: number;
    rssAtRestMiB?: number;
    latencyMs: Record<string, { p50: number; p95: number; p99: number; errors: number }>;
    ratios: Record<string, number>;
  };
};

export function printReport(r: Report): void {
  const rows: [string, string][] = [
    ["size (microservices)", String(r.size)],
    ["machine", `${r.machine.cpus} cores ${r.machine.cpu ?? ""}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.database}`],
    ["initial sync", `${r.sync.seconds} s for ${r.sync.objects} objects (${r.sync.objectsPerSecond} objects/s), ${r.sync.apis} APIs${r.sync.cpuSeconds ? `; CPU: worker ${r.sync.cpuSeconds.worker} s, PostgreSQL ${r.sync.cpuSeconds.postgres} s${r.sync.cpuSeconds.sandboxes !== undefined ? `, the sandboxes ${r.sync.cpuSeconds.sandboxes} s` : ""}${r.sync.cpuSeconds.workerWrittenMB !== undefined ? `; the worker wrote ${r.sync.cpuSeconds.workerWrittenMB} MB` : ""}` : ""}`],
    ["worker memory", `peak ${r.memory.workerPeakMiB} MiB, steady ${r.memory.workerSteadyMiB} MiB (${r.memory.workerSteadyCollected ? "after the sync's collection" : "no collection seen"}, ${r.memory.workerSteadyAfterSeconds} s after the sync; idle ${r.memory.workerIdleMiB} MiB), ${r.memory.workerBytesPerObject} B per synced object`],
    ["web memory", r.singleProcess ? "in the worker's process (--single-process)" : `${r.memory.webMiB} MiB (peak ${r.memory.webPeakMiB} MiB)`],
    ...(r.memory.workerAtRestMiB !== undefined
      ? [["memory at rest", `worker ${r.memory.workerAtRestMiB} MiB${r.singleProcess ? " (one process)" : ` + web ${r.memory.webAtRestMiB} MiB`}, median 10-20 s after the last request`] as [string, string]]
      : []),
    ...Object.entries(r.latencyMs).map(([k, v]) => [`${k} p50/p95/p99`, `${v.p50} / ${v.p95} / ${v.p99} ms${v.errors ? ` (${v.errors} errors)` : ""}`] as [string, string]),
    ["catalog page", `p50 ${r.catalogPage.p50} ms, p95 ${r.catalogPage.p95} ms, ${Math.round(r.catalogPage.bytes / 1024)} KiB (${Math.round(r.catalogPage.gzipBytes / 1024)} KiB gzipped)`],
    ["event to visible (SSE)", `p50 ${r.eventToVisibleMs.p50} ms, p99 ${r.eventToVisibleMs.p99} ms, max ${r.eventToVisibleMs.max} ms (${r.eventToVisibleMs.seen}/${r.eventToVisibleMs.changes})${r.eventToVisibleMs.sandboxLoopDelayMaxMs !== undefined ? `; the sandboxes' event loop stalled up to ${r.eventToVisibleMs.sandboxLoopDelayMaxMs} ms meanwhile` : ""}`],
    ["register round trip", `p50 ${r.registerMs.p50} ms, p95 ${r.registerMs.p95} ms`],
    ...(r.gatewayPolls
      ? [["gateway polls", `${r.gatewayPolls.polls} (${r.gatewayPolls.unchanged} unchanged), ${Math.round(r.gatewayPolls.secondsPerPoll * 1000)} ms and ${Math.round(r.gatewayPolls.cpuSecondsPerPoll * 1000)} ms CPU per poll${r.gatewayPolls.lastCpuSeconds !== undefined ? `; the last: ${Math.round((r.gatewayPolls.lastSeconds ?? 0) * 1000)} ms and ${Math.round(r.gatewayPolls.lastCpuSeconds * 1000)} ms CPU` : ""}`] as [string, string]]
      : []),
    ...(r.peer
      ? ([
          ["Backstage until queryable", `${r.peer.untilQueryableSeconds} s for ${r.peer.entities} entities (${r.peer.entitiesPerSecond}/s), ratio ${r.peer.ratios.untilQueryable}`],
          ["Backstage memory", `${r.peer.rssMiB} MiB, Signpost / Backstage ${r.peer.ratios.memory}${r.peer.rssAtRestMiB !== undefined ? `; at rest ${r.peer.rssAtRestMiB} MiB, ${r.peer.ratios.memoryAtRest}` : ""}`],
          ...Object.entries(r.peer.latencyMs).map(([k, v]) => [`Backstage ${k} p50/p95/p99`, `${v.p50} / ${v.p95} / ${v.p99} ms${v.errors ? ` (${v.errors} errors)` : ""}`] as [string, string]),
          ["ratios (Signpost / Backstage)", Object.entries(r.peer.ratios).map(([k, v]) => `${k} ${v}`).join(", ")],
        ] as [string, string][])
      : []),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n")}\n\n`);
}

/** The side-by-side table (Markdown) of a run with a peer, for docs/benchmarks.md. */
export function markdownTable(r: Report): string {
  if (!r.peer) return "";
  const p = r.peer;
  const sp = r.latencyMs;
  const mem = (r.memory.workerAfterReadsMiB ?? r.memory.workerSteadyMiB) + r.memory.webMiB;
  const rows = [
    ["until everything is queryable", `${r.sync.seconds} s`, `${p.untilQueryableSeconds} s`, p.ratios.untilQueryable],
    ["list p50 / p95", `${sp.list.p50} / ${sp.list.p95} ms`, `${p.latencyMs.list.p50} / ${p.latencyMs.list.p95} ms`, p.ratios.listP95],
    ...(sp.listFirstPass && p.latencyMs.listFirstPass
      ? [["list, first burst p50 / p95", `${sp.listFirstPass.p50} / ${sp.listFirstPass.p95} ms`, `${p.latencyMs.listFirstPass.p50} / ${p.latencyMs.listFirstPass.p95} ms`, ratioOf(sp.listFirstPass.p95, p.latencyMs.listFirstPass.p95)] as const]
      : []),
    ["search by name p50 / p95", `${sp.search.p50} / ${sp.search.p95} ms`, `${p.latencyMs.search.p50} / ${p.latencyMs.search.p95} ms`, p.ratios.searchP95],
    ["resolve vs get-by-name p50 / p95", `${sp.resolve.p50} / ${sp.resolve.p95} ms`, `${p.latencyMs.getByName.p50} / ${p.latencyMs.getByName.p95} ms`, p.ratios.resolveVsGetByNameP95],
    ["resident memory after the reads", `${round1(mem)} MiB (${r.singleProcess ? "worker and web in one process" : `worker ${r.memory.workerAfterReadsMiB ?? r.memory.workerSteadyMiB} + web ${r.memory.webMiB}`})`, `${p.rssMiB} MiB`, p.ratios.memory],
    ...(p.rssAtRestMiB !== undefined && r.memory.workerAtRestMiB !== undefined
      ? [["resident memory at rest (median, 10-20 s after the last request)", `${round1(r.memory.workerAtRestMiB + r.memory.webAtRestMiB)} MiB (${r.singleProcess ? "one process" : `worker ${r.memory.workerAtRestMiB} + web ${r.memory.webAtRestMiB}`})`, `${p.rssAtRestMiB} MiB`, p.ratios.memoryAtRest] as const]
      : []),
  ];
  return [
    `| figure (${r.size} APIs / ${p.entities} entities) | Signpost | Backstage | Signpost / Backstage (p95) |`,
    "|---|---|---|---|",
    ...rows.map((c) => `| ${c.join(" | ")} |`),
    "",
  ].join("\n");
}

function ratioOf(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
