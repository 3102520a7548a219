// Exposures a Gateway API HTTPRoute gives to one backend Service port: its hostnames (else its
// parent Gateways' listener hostnames or addresses) times the rule's path matches.
import type { DerivedExposure, GatewayInfo, HTTPRouteInfo } from "./types";
import { hostPort } from "./urls";

type BackendMatch = (ref: { namespace: string; name: string; port?: number }) => boolean;

/**
 * @param matches whether a backendRef points at the API's Service port
 * @param gatewayOf resolves a parent Gateway (namespace, name) in the route's cluster
 */
export function deriveHttpRouteExposures(
  route: HTTPRouteInfo,
  matches: BackendMatch,
  gatewayOf: (namespace: string, name: string) => GatewayInfo | undefined,
): DerivedExposure[] {
  const source = { kind: "HTTPRoute" as const, cluster: route.cluster, namespace: route.namespace, name: route.name };
  const parents = route.parentRefs.filter((p) => p.kind === "Gateway" && p.group === "gateway.networking.k8s.io");
  const endpoints = listenerEndpoints(route, parents, gatewayOf);
  const out: DerivedExposure[] = [];
  for (const rule of route.rules) {
    const backend = rule.backendRefs.find((b) => b.kind === "Service" && b.group === "" && matches(b));
    if (!backend) continue;
    const matchesList = rule.matches.length ? rule.matches : [{ path: { type: "PathPrefix", value: "/" } }];
    for (const m of matchesList) {
      const path = m.path?.value ?? "/";
      const details = {
        pathType: m.path?.type ?? "PathPrefix",
        path,
        ...("method" in m && m.method ? { method: m.method } : {}),
        parents: parents.map((p) => `${p.namespace}/${p.name}`),
        backend: { service: backend.name, port: backend.port ?? null, weight: backend.weight },
      };
      if (endpoints.length === 0) {
        out.push({ mode: "HTTPRoute", url: null, status: "pending", source, details: { ...details, reason: "no hostname and no Gateway address" } });
      }
      for (const ep of endpoints) {
        out.push({ mode: "HTTPRoute", url: `${ep.scheme}://${ep.authority}${path}`, status: "ready", source, details });
      }
    }
  }
  return out;
}

type Endpoint = { scheme: "http" | "https"; authority: string };

function listenerEndpoints(
  route: HTTPRouteInfo,
  parents: HTTPRouteInfo["parentRefs"],
  gatewayOf: (namespace: string, name: string) => GatewayInfo | undefined,
): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  const add = (scheme: "http" | "https", host: string, port: number) => {
    const standard = (scheme === "http" && port === 80) || (scheme === "https" && port === 443);
    const authority = hostPort(host, standard ? undefined : port);
    seen.set(`${scheme}://${authority}`, { scheme, authority });
  };
  for (const parent of parents) {
    const gw = gatewayOf(parent.namespace, parent.name);
    const listeners = (gw?.listeners ?? []).filter(
      (l) => (l.protocol === "HTTP" || l.protocol === "HTTPS") && (!parent.sectionName || l.name === parent.sectionName) && (!parent.port || l.port === parent.port),
    );
    for (const l of listeners) {
      const scheme = l.protocol === "HTTPS" ? "https" : "http";
      // A wildcard hostname accepts many hosts but names none: the next source of a host is used.
      const routeHosts = concrete(route.hostnames);
      const hosts = routeHosts.length ? routeHosts : l.hostname && concrete([l.hostname]).length ? [l.hostname] : (gw?.addresses ?? []);
      for (const h of hosts) add(scheme, h, l.port);
    }
  }
  // A route with hostnames but no resolvable parent still names its public hosts.
  if (seen.size === 0) for (const h of concrete(route.hostnames)) add("http", h, 80);
  return [...seen.values()];
}

function concrete(hosts: string[]): string[] {
  return hosts.filter((h) => !h.includes("*"));
}
