// Which sandbox pod serves an endpoint address: the EndpointSlice endpoint with that address and
// a port of that number, pointing at a Pod. The sandbox proxy lets such a pod answer in-process.
import type { PodResolver } from "../kong/index";
import type { ClusterStore } from "../kube/index";

/**
 * A resolver over the cluster's EndpointSlices (read on every call: they change). Several
 * Services can select one pod: the slice of the Service the Kong service is named after
 * (`<svc>.<ns>.<port>.svc`, KIC's service host for Ingresses) or tagged with (k8s-kind:Service,
 * k8s-name, k8s-namespace: KIC's tags of an HTTPRoute rule's single backend) is preferred.
 */
export function podResolverFor(cluster: ClusterStore): PodResolver {
  return (host, port, serviceHost, serviceTags = []) => {
    const ip = host.replace(/^\[|\]$/g, "");
    const slices = cluster.list({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice" }).items;
    const tag = (k: string) => serviceTags.find((t) => t.startsWith(`${k}:`))?.slice(k.length + 1);
    const tagged = tag("k8s-kind") === "Service" ? { name: tag("k8s-name"), namespace: tag("k8s-namespace") } : undefined;
    const named = (s: (typeof slices)[number]) => {
      const svc = s.metadata.labels?.["kubernetes.io/service-name"];
      if (tagged) return svc === tagged.name && s.metadata.namespace === tagged.namespace;
      return serviceHost?.startsWith(`${svc}.${s.metadata.namespace}.`) ?? false;
    };
    for (const slice of [...slices.filter(named), ...slices.filter((s) => !named(s))]) {
      if (!(slice.ports ?? []).some((p: { port?: number }) => p.port === port)) continue;
      for (const ep of slice.endpoints ?? []) {
        if (!(ep.addresses ?? []).includes(ip) || ep.targetRef?.kind !== "Pod") continue;
        return {
          pod: ep.targetRef.name,
          namespace: ep.targetRef.namespace ?? slice.metadata.namespace,
          service: slice.metadata.labels?.["kubernetes.io/service-name"] ?? "",
        };
      }
    }
    return null;
  };
}
