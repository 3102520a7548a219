// Turns one microservice's Services in one namespace (a "family") into catalog API
// contributions: Services that select the same pods and target port are one API, with the
// Ingress paths, HTTPRoute rules and gateway routes that lead to them as further exposures.
import type { Contribution } from "./contribution";
import type {
  DerivedExposure,
  EndpointSliceInfo,
  GatewayInfo,
  HTTPRouteInfo,
  IngressClassInfo,
  IngressInfo,
  NodeInfo,
  ServiceInfo,
  ServicePortInfo,
} from "./types";
import { deriveServiceExposures } from "./derive-service-exposures";
import { deriveIngressExposures } from "./derive-ingress-exposures";
import { deriveHttpRouteExposures } from "./derive-httproute-exposures";
import { explicitApiName, teamOf } from "./owner";

export type FamilyContext = {
  cluster: string;
  namespace: string;
  microservice: string;
  clusterDomain: string;
  nodes: NodeInfo[];
  slicesOf(service: string): EndpointSliceInfo[];
  ingressesFor(service: string): IngressInfo[];
  httpRoutesFor(service: string): HTTPRouteInfo[];
  ingressClass(name: string | undefined): IngressClassInfo | undefined;
  gateway(namespace: string, name: string): GatewayInfo | undefined;
  /** Gateway (Kong) exposures linked to this Service port */
  gatewayExposuresFor(service: ServiceInfo, port: ServicePortInfo | null): { exposures: DerivedExposure[]; gateways: string[] };
};

type Member = { svc: ServiceInfo; port: ServicePortInfo | null };
type Group = { selectorSig: string; target: string; members: Member[] };

/** Key of an API derived from Kubernetes: cluster-qualified unless explicitly named. */
export function k8sApiKey(cluster: string, namespace: string, name: string, explicit: boolean): string {
  // Joined, not templated: the index keeps these keys, and join() makes one flat string.
  return explicit ? ["api", name].join(":") : [`k8s:${cluster}`, namespace, name].join("/");
}

/** Derives the contributions of one family; `services` must all belong to it. */
export function deriveServiceFamily(services: ServiceInfo[], ctx: FamilyContext): Contribution[] {
  const sortedServices = [...services].sort((a, b) => a.name.localeCompare(b.name));
  const groups = new Map<string, Group>();
  for (const svc of sortedServices) {
    const sig = svc.selector && Object.keys(svc.selector).length
      ? JSON.stringify(Object.entries(svc.selector).sort())
      : `svc:${svc.name}`;
    const ports: (ServicePortInfo | null)[] = svc.ports.length ? svc.ports : [null];
    for (const port of ports) {
      const target = resolveTarget(svc, port, ctx.slicesOf(svc.name));
      const id = `${sig}\u0000${target}`;
      const g = groups.get(id) ?? { selectorSig: sig, target, members: [] };
      g.members.push({ svc, port });
      groups.set(id, g);
    }
  }

  const bySelector = new Map<string, Group[]>();
  for (const g of groups.values()) bySelector.set(g.selectorSig, [...(bySelector.get(g.selectorSig) ?? []), g]);

  const out: Contribution[] = [];
  const usedNames = new Set<string>();
  for (const [, selectorGroups] of [...bySelector.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    for (const g of selectorGroups) {
      const primary = pickPrimary(g.members);
      const explicit = g.members.map((m) => explicitApiName(m.svc.annotations)).find(Boolean) ?? null;
      let name = explicit ?? (bySelector.size > 1 ? primary.svc.name : ctx.microservice);
      if (selectorGroups.length > 1) name = `${name}-${portLabel(g)}`;
      if (usedNames.has(name)) name = `${name}-${g.target}`;
      usedNames.add(name);
      out.push(...buildContribution(g, name, explicit !== null, ctx));
    }
  }
  return out;
}

function buildContribution(g: Group, name: string, explicit: boolean, ctx: FamilyContext): Contribution[] {
  const exposures: DerivedExposure[] = [];
  const gateways = new Set<string>();
  const pods = new Map<string, boolean>();
  const seenSlices = new Set<string>();
  // Ingresses and HTTPRoutes that register an API (written by Signpost, or applied from its
  // manifest) are that API, with the gateway routes their controller made from them.
  const registered = new Map<string, Registered>();
  const registeredOf = (o: IngressInfo | HTTPRouteInfo, kind: "Ingress" | "HTTPRoute") => {
    const reg = registrationOf(o);
    if (!reg) return undefined;
    const r = registered.get(reg) ?? { name: reg, objects: [], exposures: [], gateways: new Set<string>() };
    if (!r.objects.some((x) => x.kind === kind && x.name === o.name)) r.objects.push({ kind, name: o.name, labels: o.labels, annotations: o.annotations });
    registered.set(reg, r);
    return r;
  };
  const registeredByOrigin = new Map<string, Registered>();
  for (const { svc, port } of g.members) {
    const slices = ctx.slicesOf(svc.name);
    for (const slice of slices) {
      if (seenSlices.has(slice.name)) continue;
      seenSlices.add(slice.name);
      for (const ep of slice.endpoints) {
        const id = ep.pod ?? ep.addresses[0];
        if (id) pods.set(id, (pods.get(id) ?? false) || ep.ready);
      }
    }
    const podAddresses =
      svc.clusterIP === "None"
        ? slices.flatMap((s) =>
            s.endpoints
              .filter((e) => e.ready)
              .map((e) => (e.hostname ? `${e.hostname}.${svc.name}.${svc.namespace}.svc.${ctx.clusterDomain}` : e.addresses[0])),
          )
        : undefined;
    exposures.push(...deriveServiceExposures(svc, port, { clusterDomain: ctx.clusterDomain, nodes: ctx.nodes, podAddresses }));

    const portMatches = (ref: number | string | undefined) =>
      port === null ? ref === undefined || ref === 0 : ref === undefined ? svc.ports.length === 1 : ref === port.port || ref === port.name;
    for (const ing of ctx.ingressesFor(svc.name)) {
      const found = deriveIngressExposures(ing, (b) => b.service === svc.name && portMatches(b.port), ctx.ingressClass(ing.className));
      const reg = found.length ? registeredOf(ing, "Ingress") : undefined;
      if (reg) registeredByOrigin.set(`Ingress/${ing.name}`, reg);
      (reg ? reg.exposures : exposures).push(...found);
    }
    for (const route of ctx.httpRoutesFor(svc.name)) {
      const found = deriveHttpRouteExposures(
        route,
        (b) => b.namespace === svc.namespace && b.name === svc.name && portMatches(b.port),
        (ns, n) => ctx.gateway(ns, n),
      );
      const reg = found.length ? registeredOf(route, "HTTPRoute") : undefined;
      if (reg) registeredByOrigin.set(`HTTPRoute/${route.name}`, reg);
      (reg ? reg.exposures : exposures).push(...found);
    }
    const gw = ctx.gatewayExposuresFor(svc, port);
    for (const e of gw.exposures) {
      const origin = (e.details as { origin?: { kind: string; namespace: string; name: string } } | undefined)?.origin;
      const reg = origin && origin.namespace === svc.namespace ? registeredByOrigin.get(`${origin.kind}/${origin.name}`) : undefined;
      if (reg) {
        reg.exposures.push(e);
        reg.gateways.add(e.source.cluster);
      } else {
        exposures.push(e);
        gateways.add(e.source.cluster);
      }
    }
  }
  const primary = pickPrimary(g.members);
  const team = g.members.map((m) => teamOf(m.svc.annotations)).find(Boolean) ?? null;
  const own: Contribution = {
    key: k8sApiKey(ctx.cluster, ctx.namespace, name, explicit),
    name,
    microservice: ctx.microservice,
    team,
    cluster: ctx.cluster,
    namespace: ctx.namespace,
    managedBy: "kubernetes",
    labels: primary.svc.labels,
    annotations: primary.svc.annotations,
    exposures,
    pods: seenSlices.size ? pods : null,
    gateways: [...gateways],
    sortKey: `${ctx.cluster}/${ctx.namespace}/${primary.svc.name}`,
  };
  return [own, ...[...registered.values()].map((r) => registeredContribution(r, own))];
}

type Registered = {
  name: string;
  objects: { kind: string; name: string; labels: Record<string, string>; annotations: Record<string, string> }[];
  exposures: DerivedExposure[];
  gateways: Set<string>;
};

/** The registration an Ingress or HTTPRoute carries, when Signpost manages it. */
function registrationOf(o: { labels: Record<string, string> }): string | undefined {
  return o.labels["app.kubernetes.io/managed-by"] === "signpost" ? o.labels["signpost.dev/registration"] || undefined : undefined;
}

/** A registered API: its objects' exposures, waiting (pending) until the controller published a route. */
function registeredContribution(r: Registered, service: Contribution): Contribution {
  const first = r.objects[0];
  const published = r.exposures.some((e) => e.mode === "Gateway");
  const exposures = published
    ? r.exposures
    : r.exposures.map((e) => ({
        ...e,
        status: "pending" as const,
        details: { ...e.details, waiting: "the gateway's Ingress Controller has not published a route for it yet" },
      }));
  return {
    key: ["api", r.name].join(":"),
    name: r.name,
    microservice: first.labels["signpost.dev/microservice"] ?? service.microservice,
    team: first.labels["signpost.dev/team"] ?? service.team,
    cluster: service.cluster,
    namespace: service.namespace,
    managedBy: "signpost",
    labels: first.labels,
    annotations: first.annotations,
    exposures,
    pods: service.pods,
    gateways: [...r.gateways],
    sortKey: `${service.cluster}/${service.namespace}/~registered/${r.name}`,
  };
}

/** The member that names the group: a ClusterIP Service if there is one, else the shortest name. */
function pickPrimary(members: Member[]): Member {
  return [...members].sort(
    (a, b) =>
      Number(a.svc.type !== "ClusterIP") - Number(b.svc.type !== "ClusterIP") ||
      a.svc.name.length - b.svc.name.length ||
      a.svc.name.localeCompare(b.svc.name),
  )[0];
}

function portLabel(g: Group): string {
  const named = g.members.map((m) => m.port?.name).find(Boolean);
  return named ?? g.target;
}

/** The container port a Service port leads to, resolving named target ports through EndpointSlices. */
export function resolveTarget(svc: ServiceInfo, port: ServicePortInfo | null, slices: EndpointSliceInfo[]): string {
  if (!port) return "";
  if (typeof port.targetPort === "number") return String(port.targetPort);
  for (const slice of slices) {
    const p = slice.ports.find((sp) => (sp.name ?? "") === (port.name ?? ""));
    if (p?.port) return String(p.port);
  }
  return port.targetPort;
}
