// The REST and page latency client, run as its own process by bench/run.ts: the sandbox cluster
// and gateway live in the bench process, and serving a gateway poll there would stall a client in
// the same event loop and count as server latency. Prints one JSON object on stdout.
// The same closed-loop client (8 keep-alive connections, 300 requests per series) measures the
// peer (bench/peer-backstage.ts) with its equivalent requests. After the one-at-a-time warm-up,
// the list is measured twice: the first burst at 8 connections costs both systems more (new
// sockets, code paths first run concurrently: p95 30 ms against 20 for Signpost, 31 against 25
// for Backstage in one run), and only the list, measured first, used to pay it. It is reported as
// listFirstPass; the list figure compared is the second pass, as warm as every other series.
//   tsx bench/latency-client.ts BASE_URL N [signpost|backstage]
import { serviceName, nsOf } from "./fill";
import { get, measureLatency, percentile, round } from "./measure";

const [base, size, target = "signpost"] = process.argv.slice(2);
const N = Number(size);
if (!base || !Number.isInteger(N) || N < 1 || !["signpost", "backstage"].includes(target)) {
  console.error("usage: tsx bench/latency-client.ts BASE_URL N [signpost|backstage]");
  process.exit(2);
}

const rnd = (k: number) => Math.floor((((k * 2654435761) % 2 ** 32) / 2 ** 32) * N);

if (target === "backstage") {
  // Backstage's catalog: a page of 50, full-text search by name, get one entity by name
  // (its entities are named as Signpost's APIs: bench/peer-backstage.ts).
  const list = "/api/catalog/entities/by-query?limit=50";
  const search = (i: number) => `/api/catalog/entities/by-query?limit=50&fullTextFilterTerm=${serviceName(i)}`;
  const byName = (i: number) => `/api/catalog/entities/by-name/component/default/${serviceName(i)}`;
  const entities = Math.max(1, Math.floor(N / 2));
  for (let i = 0; i < 40; i++) for (const p of [list, search(i % entities), byName(i % entities)]) await get(`${base}${p}`).catch(() => 0);
  const listFirstPass = await measureLatency(300, 8, () => get(`${base}${list}`).then(() => undefined));
  const latencyMs = {
    listFirstPass,
    list: await measureLatency(300, 8, () => get(`${base}${list}`).then(() => undefined)),
    search: await measureLatency(300, 8, (i) => get(`${base}${search(rnd(i) % entities)}`).then(() => undefined)),
    getByName: await measureLatency(300, 8, (i) => get(`${base}${byName(rnd(i + 7) % entities)}`).then(() => undefined)),
  };
  process.stdout.write(JSON.stringify({ latencyMs }) + "\n");
  process.exit(0);
}

// warm-up: 40 requests per route (the server's JIT and query plans), not counted
for (let i = 0; i < 40; i++) {
  for (const p of ["/api/v1/apis?limit=50", `/api/v1/apis?limit=50&namespace=${nsOf(i)}&sort=-updated`, `/api/v1/apis?q=${serviceName(i)}`, `/api/v1/apis?q=team-${i % 25}`, `/api/v1/resolve/${serviceName(i)}`]) {
    await get(`${base}${p}`).catch(() => 0);
  }
  if (i % 10 === 0) await get(`${base}/`).catch(() => 0);
}

// the first burst at 8 connections, reported apart (see the header)
const listFirstPass = await measureLatency(300, 8, () => get(`${base}/api/v1/apis?limit=50`).then(() => undefined));
const latencyMs = {
  listFirstPass,
  list: await measureLatency(300, 8, () => get(`${base}/api/v1/apis?limit=50`).then(() => undefined)),
  listDeep: await measureLatency(300, 8, (i) => get(`${base}/api/v1/apis?limit=50&namespace=${nsOf(i)}&sort=-updated`).then(() => undefined)),
  search: await measureLatency(300, 8, (i) => get(`${base}/api/v1/apis?q=${serviceName(rnd(i))}`).then(() => undefined)),
  searchBroad: await measureLatency(300, 8, (i) => get(`${base}/api/v1/apis?q=team-${i % 25}`).then(() => undefined)),
  resolve: await measureLatency(300, 8, (i) => get(`${base}/api/v1/resolve/${serviceName(rnd(i + 7))}`).then(() => undefined)),
};
const pageTimes: number[] = [];
let pageBytes = 0;
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  pageBytes = await get(`${base}/`);
  pageTimes.push(performance.now() - t);
}
// what a browser transfers (it asks for gzip)
const pageGzipBytes = await get(`${base}/`, { "accept-encoding": "gzip" });
const catalogPage = { p50: round(percentile(pageTimes, 50)), p95: round(percentile(pageTimes, 95)), bytes: pageBytes, gzipBytes: pageGzipBytes };
process.stdout.write(JSON.stringify({ latencyMs, catalogPage }) + "\n");
process.exit(0);
