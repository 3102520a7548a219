// Computes the contributions of one family from the index's lookups.
import type { Contribution } from "./contribution";
import { deriveServiceFamily, k8sApiKey } from "./derive-service-family";
import { deriveIngressExposures } from "./derive-ingress-exposures";
import { deriveHttpRouteExposures } from "./derive-httproute-exposures";
import type { GatewayLinks } from "./gateway-links";
import type { DerivedExposure, EndpointSliceInfo, GatewayInfo, HTTPRouteInfo, IngressClassInfo, IngressInfo, NodeInfo, ServiceInfo } from "./types";

export type FamilyLookups = {
  familyServices(fid: string): ServiceInfo[];
  service(cluster: string, ns: string, name: string): ServiceInfo | undefined;
  slicesOf(cluster: string, ns: string, svc: string): EndpointSliceInfo[];
  ingressesFor(cluster: string, ns: string, svc: string): IngressInfo[];
  httpRoutesFor(cluster: string, ns: string, svc: string): HTTPRouteInfo[];
  nodes(cluster: string): NodeInfo[];
  ingressClass(cluster: string, name: string | undefined): IngressClassInfo | undefined;
  gateway(cluster: string, ns: string, name: string): GatewayInfo | undefined;
  clusterDomain(cluster: string): string;
  links: GatewayLinks;
};

/** Contributions of the family `fid` (see catalog-index.ts for the id forms). */
export function computeFamily(fid: string, l: FamilyLookups): Contribution[] {
  const [type, a, b, c] = fid.split("\u0000");
  if (type === "svc") {
    const services = l.familyServices(fid);
    if (services.length === 0) return [];
    return deriveServiceFamily(services, {
      cluster: a,
      namespace: b,
      microservice: c,
      clusterDomain: l.clusterDomain(a),
      nodes: l.nodes(a),
      slicesOf: (svc) => l.slicesOf(a, b, svc),
      ingressesFor: (svc) => l.ingressesFor(a, b, svc),
      httpRoutesFor: (svc) => l.httpRoutesFor(a, b, svc),
      ingressClass: (name) => l.ingressClass(a, name),
      gateway: (ns, name) => l.gateway(a, ns, name),
      gatewayExposuresFor: (svc, port) => l.links.exposuresFor(svc, port),
    });
  }
  if (type === "dangling") return danglingFamily(a, b, c, l);
  if (type === "kong") return ownRouteFamily(a, b, l);
  return [];
}

/** Routes to a Service that does not exist: still an address people call, shown with a warning. */
function danglingFamily(cluster: string, ns: string, svcName: string, l: FamilyLookups): Contribution[] {
  if (l.service(cluster, ns, svcName)) return [];
  const exposures: DerivedExposure[] = [];
  for (const ing of l.ingressesFor(cluster, ns, svcName)) {
    exposures.push(...deriveIngressExposures(ing, (bk) => bk.service === svcName, l.ingressClass(cluster, ing.className)));
  }
  for (const route of l.httpRoutesFor(cluster, ns, svcName)) {
    exposures.push(
      ...deriveHttpRouteExposures(route, (bk) => bk.namespace === ns && bk.name === svcName, (gns, gn) => l.gateway(cluster, gns, gn)),
    );
  }
  if (exposures.length === 0) return [];
  for (const e of exposures) e.details = { ...e.details, warning: `backend Service ${ns}/${svcName} does not exist` };
  return [
    {
      key: k8sApiKey(cluster, ns, svcName, false),
      name: svcName,
      microservice: svcName,
      team: null,
      cluster,
      namespace: ns,
      managedBy: "kubernetes",
      labels: {},
      annotations: {},
      exposures,
      pods: new Map(),
      gateways: [],
      sortKey: `${cluster}/${ns}/~${svcName}`,
    },
  ];
}

/** A gateway route that leads to no synced Service: an API of its own. */
function ownRouteFamily(gateway: string, routeId: string, l: FamilyLookups): Contribution[] {
  const found = l.links.ownRoute(gateway, routeId);
  if (!found) return [];
  const { route, service } = found;
  const reg = route.registration;
  const name = reg?.name ?? route.name ?? service?.name ?? route.id;
  return [
    {
      key: reg ? ["api", reg.name].join(":") : [`kong:${gateway}`, route.id].join("/"),
      name,
      microservice: reg?.microservice ?? service?.name ?? null,
      team: reg?.team ?? null,
      cluster: null,
      namespace: null,
      managedBy: route.managedBy === "signpost" ? "signpost" : "kong",
      labels: {},
      annotations: {},
      exposures: l.links.routeExposures(route),
      pods: null,
      gateways: [gateway],
      sortKey: `~gateway/${gateway}/${name}/${route.id}`,
    },
  ];
}
