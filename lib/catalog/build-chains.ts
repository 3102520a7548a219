// Turns an API's exposures into the chains a request travels: gateway route -> Ingress or
// HTTPRoute -> Service -> ready pods. Each Service that is not the end of a longer chain gets a
// short chain of its own (NodePort, LoadBalancer...). Pure: the API page draws the result, MCP
// returns it.
import type { TApi } from "../api/schemas/api";

type Exposure = TApi["exposures"][number];

export type ChainStep = {
  kind: "route" | "ingress" | "httproute" | "service" | "upstream" | "pods";
  /** what the step is, e.g. "Gateway route", "Ingress", "Service (NodePort)" */
  title: string;
  name: string;
  /** one line of detail: hosts and paths, ports, plugins */
  detail?: string;
  pending?: boolean;
};
export type Chain = { id: string; steps: ChainStep[] };

type Details = {
  gateway?: string;
  plugins?: string[];
  origin?: { kind: string; namespace?: string; name: string };
  upstream?: string | null;
  backend?: { service?: string; port?: number | string | null };
  host?: string;
  path?: string;
  ingressClass?: string;
  port?: number;
  targetPort?: number | string;
};

const d = (e: Exposure) => e.details as Details;
const where = (e: Exposure) => (e.url ? e.url : `pending${(e.details as { reason?: string }).reason ? `: ${(e.details as { reason?: string }).reason}` : ""}`);

/** The request chains of `api`, most external first. */
export function buildChains(api: TApi): Chain[] {
  const chains: Chain[] = [];
  const usedSources = new Set<string>();
  const endServices = new Set<string>();
  const key = (e: Exposure) => `${e.source.kind}/${e.source.namespace ?? ""}/${e.source.name}`;
  const group = (list: Exposure[]) => {
    const m = new Map<string, Exposure[]>();
    for (const e of list) m.set(key(e), [...(m.get(key(e)) ?? []), e]);
    return [...m.values()];
  };
  const pods: ChainStep[] = api.totalPods !== null ? [{ kind: "pods", title: "Pods", name: `${api.readyPods ?? 0}/${api.totalPods} ready` }] : [];
  const serviceStep = (name: string, port?: number | string | null): ChainStep => {
    const own = api.exposures.find((e) => e.source.kind === "Service" && e.source.name === name);
    endServices.add(name);
    return { kind: "service", title: own ? `Service (${own.mode})` : "Service", name, detail: port ? `port ${port}` : undefined };
  };
  const routeTail = (group: Exposure[]): ChainStep[] => {
    const first = group[0];
    const kind = first.source.kind === "Ingress" ? "ingress" : "httproute";
    usedSources.add(key(first));
    const step: ChainStep = { kind, title: first.source.kind, name: first.source.name, detail: group.map(where).join(", "), pending: group.every((e) => e.status === "pending") };
    const backend = d(first).backend;
    return [step, ...(backend?.service ? [serviceStep(backend.service, backend.port), ...pods] : [])];
  };

  for (const g of group(api.exposures.filter((e) => e.mode === "Gateway"))) {
    const first = g[0];
    const det = d(first);
    const plugins = det.plugins?.length ? ` · plugins: ${det.plugins.join(", ")}` : "";
    const route: ChainStep = { kind: "route", title: `Gateway route${det.gateway ? ` on ${det.gateway}` : ""}`, name: first.source.name, detail: g.map(where).join(", ") + plugins, pending: g.every((e) => e.status === "pending") };
    const origin = det.origin;
    const via = origin ? api.exposures.filter((e) => e.source.kind === origin.kind && e.source.name === origin.name && (origin.namespace ?? null) === e.source.namespace) : [];
    let tail: ChainStep[] = [];
    if (via.length) tail = routeTail(via);
    else if (det.upstream) {
      const svc = serviceOfUpstream(det.upstream);
      tail = svc ? [serviceStep(svc.name, svc.port), ...(api.exposures.some((e) => e.source.kind === "Service") ? pods : [])] : [{ kind: "upstream", title: "Upstream", name: det.upstream }];
    }
    chains.push({ id: key(first), steps: [route, ...tail] });
  }
  for (const g of group(api.exposures.filter((e) => (e.mode === "Ingress" || e.mode === "HTTPRoute") && !usedSources.has(key(e))))) {
    chains.push({ id: key(g[0]), steps: routeTail(g) });
  }
  for (const g of group(api.exposures.filter((e) => e.source.kind === "Service" && !endServices.has(e.source.name)))) {
    const first = g[0];
    const step: ChainStep = { kind: "service", title: `Service (${first.mode})`, name: first.source.name, detail: g.map(where).join(", "), pending: g.every((e) => e.status === "pending") };
    chains.push({ id: key(first), steps: [step, ...pods] });
  }
  return chains;
}

/** The Service a gateway upstream URL names: <svc>.<ns>.svc[...] or KIC's <svc>.<ns>.<port>.svc. */
export function serviceOfUpstream(url: string): { name: string; namespace: string; port: number } | null {
  try {
    const u = new URL(url);
    const m = /^([a-z0-9-]+)\.([a-z0-9-]+)(?:\.\d+)?\.svc(?:\.|$)/.exec(u.hostname);
    return m ? { name: m[1], namespace: m[2], port: Number(u.port || (u.protocol === "https:" ? 443 : 80)) } : null;
  } catch {
    return null;
  }
}
