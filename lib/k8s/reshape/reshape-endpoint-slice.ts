// discovery.k8s.io/v1 EndpointSlice -> EndpointSliceInfo (joined to its Service by label). Only
// what the catalog reads is kept: an endpoint's addresses, conditions, hostname, pod, node and zone.
import { z } from "zod";
import type { EndpointSliceInfo } from "../../catalog/types";
import { parseWith, ZMeta, type ReshapeResult } from "./common";

const ZSlice = z.object({
  metadata: ZMeta,
  endpoints: z
    .array(
      z.object({
        addresses: z.array(z.string()).nullish(),
        conditions: z.object({ ready: z.boolean().nullish(), serving: z.boolean().nullish(), terminating: z.boolean().nullish() }).nullish(),
        hostname: z.string().nullish(),
        nodeName: z.string().nullish(),
        zone: z.string().nullish(),
        targetRef: z.object({ kind: z.string().nullish(), namespace: z.string().nullish(), name: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
  ports: z
    .array(z.object({ name: z.string().nullish(), port: z.number().int().nullish() }))
    .nullish(),
});

/**
 * Reshapes an EndpointSlice of `cluster`. API conventions: a missing `ready` condition means
 * ready, a missing `serving` defers to `ready`, a missing `terminating` means not terminating.
 */
export function reshapeEndpointSlice(cluster: string, raw: unknown): ReshapeResult<EndpointSliceInfo> {
  return parseWith(ZSlice, raw, "EndpointSlice", (s) => {
    const ns = s.metadata.namespace ?? "default";
    const serviceName = s.metadata.labels["kubernetes.io/service-name"];
    return {
      cluster,
      namespace: ns,
      name: s.metadata.name,
      ...(serviceName ? { serviceName } : {}),
      endpoints: (s.endpoints ?? []).map((e) => {
        const ready = e.conditions?.ready ?? true;
        const serving = e.conditions?.serving ?? ready;
        return {
          addresses: e.addresses ?? [],
          ready,
          ...(e.hostname ? { hostname: e.hostname } : {}),
          // joined, not templated: one flat string instead of a tree of its parts
          ...(e.targetRef?.name ? { pod: [e.targetRef.namespace ?? ns, e.targetRef.name].join("/") } : {}),
          ...(e.nodeName ? { node: e.nodeName } : {}),
          ...(e.zone ? { zone: e.zone } : {}),
          ...(serving !== ready ? { serving } : {}),
          ...(e.conditions?.terminating ? { terminating: true as const } : {}),
        };
      }),
      ports: (s.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), ...(p.port ? { port: p.port } : {}) })),
    };
  });
}
