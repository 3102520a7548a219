// Which Service port an Ingress backend means, and the upstream targets behind it (KIC
// translate_upstreams.go findPort / getEndpoints): ready endpoints of the Service's
// EndpointSlices at the slice port named like the Service port.
import type { KubeObject } from "../kube/index";
import type { Json } from "../kube/types";

/** An Ingress backend port: by number or by name, exactly as written. */
export type PortDef = { number: number } | { name: string };

/** The port as it appears in Kong names: the number, or the name. */
export function canonicalPort(p: PortDef): string {
  return "number" in p ? String(p.number) : p.name;
}

/** findPort: the ServicePort a backend refers to, or undefined when there is none. */
export function findServicePort(svc: KubeObject, want: PortDef): Json | undefined {
  const ports: Json[] = svc.spec?.ports ?? [];
  if (svc.spec?.type === "ExternalName") {
    // ExternalName Services declare no ports: a numeric backend port is taken at its word.
    return "number" in want ? { port: want.number, targetPort: want.number } : undefined;
  }
  if ("number" in want) return ports.find((p) => p.port === want.number);
  return ports.find((p) => p.name === want.name || (typeof p.targetPort === "string" && p.targetPort === want.name));
}

const withBrackets = (addr: string) => (addr.includes(":") ? `[${addr}]` : addr);

/** getEndpoints: unique `address:port` targets for one Service port (IPv6 in brackets). */
export function resolveTargets(svc: KubeObject, port: Json, slices: KubeObject[]): string[] {
  const ns = svc.metadata.namespace;
  const name = svc.metadata.name;
  if (svc.metadata.annotations?.["ingress.kubernetes.io/service-upstream"] === "true") return [`${name}.${ns}.svc:${port.port}`];
  if (svc.spec?.type === "ExternalName") return [`${withBrackets(svc.spec.externalName)}:${port.targetPort ?? port.port}`];
  // Slices list the Service port by name; the protocols are TCP plus whatever the Service declares.
  const protocols = new Set(["TCP", ...(svc.spec?.ports ?? []).map((p: Json) => p.protocol ?? "TCP")]);
  const out: string[] = [];
  for (const slice of slices) {
    if (slice.metadata.namespace !== ns || slice.metadata.labels?.["kubernetes.io/service-name"] !== name) continue;
    for (const sp of slice.ports ?? []) {
      if (typeof sp.port !== "number" || sp.port < 0 || !protocols.has(sp.protocol ?? "TCP") || (sp.name ?? "") !== (port.name ?? "")) continue;
      for (const ep of slice.endpoints ?? []) {
        // A missing ready condition means "unknown", which consumers treat as ready.
        if (ep.conditions?.ready === false || !ep.addresses?.length) continue;
        const target = `${withBrackets(ep.addresses[0])}:${sp.port}`;
        if (!out.includes(target)) out.push(target);
      }
    }
  }
  return out;
}
