// A small Prometheus registry for the worker's own metrics (counters and histograms with labels),
// kept on globalThis so that every copy of a module in one process counts into the same series.
// Text exposition format 0.0.4; label values escaped as http-metrics does.
import { esc } from "./http-metrics";

type Labels = Record<string, string>;
type Kind = "counter" | "histogram";
type Metric = { name: string; help: string; kind: Kind; buckets?: number[]; series: Map<string, { labels: Labels; value: number; counts?: number[]; sum?: number }> };

const g = globalThis as unknown as { __signpostRegistry?: Map<string, Metric> };
const metrics = (g.__signpostRegistry ??= new Map());

function metric(name: string, help: string, kind: Kind, buckets?: number[]): Metric {
  let m = metrics.get(name);
  if (!m) metrics.set(name, (m = { name, help, kind, buckets, series: new Map() }));
  return m;
}

function seriesOf(m: Metric, labels: Labels) {
  const key = JSON.stringify(labels);
  let s = m.series.get(key);
  if (!s) m.series.set(key, (s = { labels, value: 0, ...(m.buckets ? { counts: m.buckets.map(() => 0), sum: 0 } : {}) }));
  return s;
}

/** A counter: `inc(labels, by)`. */
export function counter(name: string, help: string) {
  const m = metric(name, help, "counter");
  return { inc: (labels: Labels = {}, by = 1) => void (seriesOf(m, labels).value += by) };
}

/** A histogram in seconds: `observe(labels, seconds)`. */
export function histogram(name: string, help: string, buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]) {
  const m = metric(name, help, "histogram", buckets);
  return {
    observe(labels: Labels, v: number) {
      const s = seriesOf(m, labels);
      s.value++;
      s.sum! += v;
      m.buckets!.forEach((b, i) => {
        if (v <= b) s.counts![i]++;
      });
    },
  };
}

/** Prometheus text of every counter and histogram registered in this process. */
export function registryText(): string {
  const out: string[] = [];
  for (const m of metrics.values()) {
    out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.kind}`);
    for (const s of m.series.values()) {
      const l = labelText(s.labels);
      if (m.kind === "counter") {
        out.push(`${m.name}${l ? `{${l}}` : ""} ${s.value}`);
        continue;
      }
      const sep = l ? `${l},` : "";
      m.buckets!.forEach((b: number, i: number) => out.push(`${m.name}_bucket{${sep}le="${b}"} ${s.counts![i]}`));
      out.push(`${m.name}_bucket{${sep}le="+Inf"} ${s.value}`, `${m.name}_sum${l ? `{${l}}` : ""} ${s.sum}`, `${m.name}_count${l ? `{${l}}` : ""} ${s.value}`);
    }
  }
  return out.join("\n");
}

/** `a="x",b="y"` of a label set. */
export function labelText(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(",");
}

/** Lines of one gauge with its series. */
export function gaugeText(name: string, help: string, series: [Labels, number][]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...series.map(([l, v]) => `${name}${Object.keys(l).length ? `{${labelText(l)}}` : ""} ${v}`)].join("\n");
}
