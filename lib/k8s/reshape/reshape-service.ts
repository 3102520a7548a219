// v1 Service -> ServiceInfo.
import { z } from "zod";
import type { ServiceInfo, ServiceType } from "../../catalog/types";
import { parseWith, ZLbIngress, ZMeta, type ReshapeResult } from "./common";

const ZPort = z.object({
  name: z.string().nullish(),
  port: z.number().int().min(0).max(65535),
  targetPort: z.union([z.number().int(), z.string()]).nullish(),
  protocol: z.string().nullish(),
  nodePort: z.number().int().nullish(),
  appProtocol: z.string().nullish(),
});

const ZService = z.object({
  metadata: ZMeta,
  spec: z
    .looseObject({
      type: z.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]).nullish(),
      clusterIP: z.string().nullish(),
      externalName: z.string().nullish(),
      externalIPs: z.array(z.string()).nullish(),
      ports: z.array(ZPort).nullish(),
      selector: z.record(z.string(), z.string()).nullish(),
    })
    .nullish(),
  status: z.object({ loadBalancer: z.object({ ingress: ZLbIngress }).nullish() }).nullish(),
});

/** Reshapes a Service of `cluster`. */
export function reshapeService(cluster: string, raw: unknown): ReshapeResult<ServiceInfo> {
  return parseWith(ZService, raw, "Service", (s) => ({
    cluster,
    namespace: s.metadata.namespace ?? "default",
    name: s.metadata.name,
    uid: s.metadata.uid ?? `${cluster}/${s.metadata.namespace}/${s.metadata.name}`,
    type: (s.spec?.type ?? "ClusterIP") as ServiceType,
    ...(s.spec?.clusterIP ? { clusterIP: s.spec.clusterIP } : {}),
    ...(s.spec?.externalName ? { externalName: s.spec.externalName } : {}),
    externalIPs: s.spec?.externalIPs ?? [],
    ports: (s.spec?.ports ?? []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? "TCP",
      ...(p.nodePort ? { nodePort: p.nodePort } : {}),
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    })),
    ...(s.spec?.selector ? { selector: s.spec.selector } : {}),
    labels: s.metadata.labels,
    annotations: s.metadata.annotations,
    loadBalancer: s.status?.loadBalancer?.ingress ?? [],
  }));
}
