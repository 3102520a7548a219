// Many Services on a real API server, listed (limit and continue) and watched by Signpost as a
// user runs it. One implementation for the suite (a small size, checked) and the benchmark
// (`npm run bench:real`, 10k, figures for docs/benchmarks.md). It starts a control plane of its own
// with a service range large enough for the size (the shared one has a /24).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startControlPlane, type ControlPlane } from "./control-plane";
import { kubeHttp, type KubeTarget } from "./kube-http";
import { startApiProxy, type ApiProxy } from "./api-proxy";
import { startRealSignpost, writeKubeconfig, type RealSignpost } from "./signpost-real";
import { waitFor } from "../../helpers/wait-for";

export type ScaleFigures = {
  services: number;
  namespaces: number;
  /** creating the Services on the API server (16 at a time) */
  fillMs: number;
  /** `signpost start` until the cluster source is live (first list of every resource complete) */
  startToLiveMs: number;
  /** `signpost start` until every Service is an API in the catalog (REST facet count) */
  startToCatalogMs: number;
  /** Service list requests Signpost made, and how many of them carried a continue token */
  serviceListPages: number;
  continuedPages: number;
  /** the largest resourceVersion-less list page size it asked for */
  pageLimit: number;
  /** peak resident memory of the `signpost start` process (worker, embedded database) */
  peakRssMiB: number;
  /** after the sync: `changes` Services patched, from the first write until every change is in the catalog */
  changes: number;
  changesMs: number;
  /** and as many deleted and created, until the catalog shows both */
  churnMs: number;
};

const CLUSTER = "scale";
const NAMESPACES = 10;
const ns = (i: number) => `scale-${i % NAMESPACES}`;
const svcName = (i: number) => `svc-${String(i).padStart(5, "0")}`;

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function must(kube: KubeTarget, method: string, p: string, body?: unknown, contentType?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const res = await kubeHttp(kube, method, p, { body, contentType });
    if (res.status < 300) return;
    // A loaded server may answer 429/5xx under the fill: retry those a few times.
    if ((res.status === 429 || res.status >= 500) && attempt < 5) continue;
    throw new Error(`${method} ${p}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  }
}

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Runs the whole scenario at `services` Services; stops everything it started. */
export async function runScale(services: number, log: (line: string) => void = () => {}): Promise<ScaleFigures> {
  let cp: ControlPlane | undefined;
  let proxy: ApiProxy | undefined;
  let app: RealSignpost | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-real-scale-"));
  try {
    cp = await startControlPlane({ serviceClusterIpRange: "10.96.0.0/16" });
    if (services > 60_000) throw new Error("the /16 service range holds about 65k ClusterIPs");
    const kube: KubeTarget = { name: "real", url: cp.url, token: cp.token, ca: cp.ca };
    for (let i = 0; i < NAMESPACES; i++) await must(kube, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns(i) } });
    const ids = Array.from({ length: services }, (_, i) => i);
    let t = Date.now();
    await pool(ids, 16, (i) => must(kube, "POST", `/api/v1/namespaces/${ns(i)}/services`, {
      apiVersion: "v1", kind: "Service",
      metadata: { name: svcName(i), labels: { app: svcName(i) }, annotations: { "signpost.dev/team": `team-${i % 25}` } },
      spec: { selector: { app: svcName(i) }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    }));
    const fillMs = Date.now() - t;
    log(`filled ${services} Services in ${fillMs} ms`);

    proxy = await startApiProxy(cp);
    const kubeconfig = writeKubeconfig(path.join(dir, "kubeconfig"), { server: proxy.url, token: cp.token, ca: cp.ca, context: CLUSTER });
    const catalogCount = async () => {
      const res = await app!.api<{ cluster: { value: string; count: number }[] }>(`/api/v1/apis/facets?cluster=${CLUSTER}`);
      return res.body.cluster.find((c) => c.value === CLUSTER)?.count ?? 0;
    };
    t = Date.now();
    app = await startRealSignpost({ env: { KUBECONFIG: kubeconfig, SIGNPOST_IN_CLUSTER: "false" }, cluster: CLUSTER, dataDir: path.join(dir, "data") });
    const startToLiveMs = Date.now() - t;
    const timeoutMs = 120_000 + services * 60;
    await waitFor(catalogCount, (n) => n === services, { timeoutMs, intervalMs: 100, what: `${services} APIs in the catalog` });
    const startToCatalogMs = Date.now() - t;
    log(`live after ${startToLiveMs} ms, all ${services} APIs after ${startToCatalogMs} ms`);
    const lists = proxy.requests.filter((r) => r.method === "GET" && /^\/api\/v1\/services\?(?!.*watch=)/.test(r.path));
    const pageLimit = Math.max(...lists.map((r) => Number(new URL(r.path, "http://x").searchParams.get("limit") ?? 0)));
    const peakRssMiB = peakRss(app.pid);

    // Watched: patch some Services' port and wait until every one shows the new address.
    const changes = Math.min(200, Math.max(10, Math.floor(services / 50)));
    const changed = ids.filter((i) => i % NAMESPACES === 0).slice(0, changes);
    t = Date.now();
    await pool(changed, 8, (i) => must(kube, "PATCH", `/api/v1/namespaces/${ns(i)}/services/${svcName(i)}`, { spec: { ports: [{ name: "http", port: 81, targetPort: 8080 }] } }, "application/merge-patch+json"));
    const changedNames = new Set(changed.map(svcName));
    await waitFor(async () => {
      const apis = await app!.apis(ns(0));
      return apis.filter((a) => changedNames.has(a.name) && a.proxyUrl?.endsWith(":81")).length;
    }, (n) => n === changes, { timeoutMs: 120_000, intervalMs: 100, what: `${changes} updates in the catalog` });
    const changesMs = Date.now() - t;

    // Churn: as many deleted and created.
    t = Date.now();
    await pool(changed, 8, async (i) => {
      await must(kube, "DELETE", `/api/v1/namespaces/${ns(i)}/services/${svcName(i)}`);
      await must(kube, "POST", `/api/v1/namespaces/${ns(i)}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: `new-${svcName(i)}` }, spec: { ports: [{ port: 80 }] } });
    });
    await waitFor(async () => {
      const apis = await app!.apis(ns(0));
      const names = new Set(apis.map((a) => a.name));
      return changed.every((i) => !names.has(svcName(i)) && names.has(`new-${svcName(i)}`));
    }, Boolean, { timeoutMs: 120_000, intervalMs: 100, what: "the churn in the catalog" });
    const churnMs = Date.now() - t;
    log(`${changes} updates visible after ${changesMs} ms, ${changes} deletes + creates after ${churnMs} ms`);

    return {
      services, namespaces: NAMESPACES, fillMs, startToLiveMs, startToCatalogMs,
      serviceListPages: lists.length, continuedPages: lists.filter((r) => r.path.includes("continue=")).length, pageLimit,
      peakRssMiB: Math.max(peakRssMiB, peakRss(app.pid)), changes, changesMs, churnMs,
    };
  } finally {
    await app?.stop();
    await proxy?.stop();
    await cp?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
