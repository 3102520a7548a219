// Exposures an Ingress gives to one backend: http(s)://<host><path> for each rule path that
// routes there (https when the host is under spec.tls), or the load balancer address for rules
// without a host.
import type { DerivedExposure, IngressBackendRef, IngressClassInfo, IngressInfo } from "./types";
import { hostMatches } from "./urls";

/**
 * @param matches whether a backend reference points at the API's Service port
 * @param ingressClass the IngressClass named by the Ingress, when known (says which controller serves it)
 */
export function deriveIngressExposures(
  ing: IngressInfo,
  matches: (backend: IngressBackendRef) => boolean,
  ingressClass?: IngressClassInfo,
): DerivedExposure[] {
  const source = { kind: "Ingress" as const, cluster: ing.cluster, namespace: ing.namespace, name: ing.name };
  const classDetails = {
    ingressClass: ing.className ?? null,
    ...(ingressClass ? { controller: ingressClass.controller } : {}),
  };
  const lbAddress = ing.loadBalancer.map((a) => a.ip ?? a.hostname).find(Boolean);
  const out: DerivedExposure[] = [];

  const add = (host: string | undefined, path: string, pathType: string, backend: IngressBackendRef, extra = {}) => {
    const details = { ...classDetails, host: host ?? null, path, pathType, backend, ...extra };
    if (host) {
      const tls = ing.tlsHosts.some((h) => hostMatches(h, host));
      out.push({ mode: "Ingress", url: `${tls ? "https" : "http"}://${host}${path}`, status: "ready", source, details: { ...details, tls } });
    } else if (lbAddress) {
      out.push({ mode: "Ingress", url: `http://${lbAddress}${path}`, status: "ready", source, details: { ...details, tls: false } });
    } else {
      out.push({
        mode: "Ingress",
        url: null,
        status: "pending",
        source,
        details: { ...details, reason: "rule has no host and the Ingress has no address yet" },
      });
    }
  };

  for (const rule of ing.rules) {
    for (const p of rule.paths) {
      if (p.backend && matches(p.backend)) add(rule.host, p.path || "/", p.pathType, p.backend);
    }
  }
  if (ing.defaultBackend && matches(ing.defaultBackend)) {
    add(undefined, "/", "Prefix", ing.defaultBackend, { defaultBackend: true });
  }
  return out;
}
