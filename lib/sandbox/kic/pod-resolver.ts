// Which sandbox pod serves an endpoint address: the EndpointSlice endpoint with that address and
// a port of that number, pointing at a Pod. The sandbox proxy lets such a pod answer in-process.
import type { PodResolver } from "../kong/index";
import type { ClusterStore } from "../kube/index";

/**
 * A resolver over the cluster's EndpointSlices (read on every call: they change). Several
 * Services can select one pod: the slice of the Service the Kong service is named after
 * (`<svc>.<ns>.<port>.svc`, KIC's service host) is preferred.
 */
export function podResolverFor(cluster: ClusterStore): PodResolver {
  return (host, port, serviceHost) => {
    const ip = host.replace(/^\[|\]$/g, "");
    const slices = cluster.list({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice" }).items;
    const named = (s: (typeof slices)[number]) => serviceHost?.startsWith(`${s.metadata.labels?.["kubernetes.io/service-name"]}.${s.metadata.namespace}.`) ?? false;
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
