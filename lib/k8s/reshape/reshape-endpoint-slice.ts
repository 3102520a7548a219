// discovery.k8s.io/v1 EndpointSlice -> EndpointSliceInfo (joined to its Service by label). Only
// what the catalog reads is kept: an endpoint's first address, readiness, hostname and pod.
import { z } from "zod";
import type { EndpointSliceInfo } from "../../catalog/types";
import { parseWith, ZMeta, type ReshapeResult } from "./common";

const ZSlice = z.looseObject({
  metadata: ZMeta,
  endpoints: z
    .array(
      z.looseObject({
        addresses: z.array(z.string()).nullish(),
        conditions: z.looseObject({ ready: z.boolean().nullish() }).nullish(),
        hostname: z.string().nullish(),
        targetRef: z.looseObject({ kind: z.string().nullish(), namespace: z.string().nullish(), name: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
  ports: z
    .array(z.looseObject({ name: z.string().nullish(), port: z.number().int().nullish() }))
    .nullish(),
});

/** Reshapes an EndpointSlice of `cluster`. A missing `ready` condition means ready (API convention). */
export function reshapeEndpointSlice(cluster: string, raw: unknown): ReshapeResult<EndpointSliceInfo> {
  return parseWith(ZSlice, raw, "EndpointSlice", (s) => {
    const ns = s.metadata.namespace ?? "default";
    const serviceName = s.metadata.labels["kubernetes.io/service-name"];
    return {
      cluster,
      namespace: ns,
      name: s.metadata.name,
      ...(serviceName ? { serviceName } : {}),
      endpoints: (s.endpoints ?? []).map((e) => ({
        addresses: e.addresses?.length ? [e.addresses[0]] : [],
        ready: e.conditions?.ready ?? true,
        ...(e.hostname ? { hostname: e.hostname } : {}),
        // joined, not templated: one flat string instead of a tree of its parts
        ...(e.targetRef?.name ? { pod: [e.targetRef.namespace ?? ns, e.targetRef.name].join("/") } : {}),
      })),
      ports: (s.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), ...(p.port ? { port: p.port } : {}) })),
    };
  });
}
