// gateway.networking.k8s.io/v1 Gateway -> GatewayInfo (listeners and assigned addresses).
import { z } from "zod";
import type { GatewayInfo } from "../../catalog/types";
import { parseWith, ZMeta, type ReshapeResult } from "./common";

const ZGateway = z.object({
  metadata: ZMeta,
  spec: z
    .looseObject({
      gatewayClassName: z.string().nullish(),
      listeners: z
        .array(z.object({ name: z.string(), hostname: z.string().nullish(), port: z.number().int(), protocol: z.string() }))
        .nullish(),
    })
    .nullish(),
  status: z.object({ addresses: z.array(z.object({ value: z.string() })).nullish() }).nullish(),
});

/** Reshapes a Gateway of `cluster`. */
export function reshapeGateway(cluster: string, raw: unknown): ReshapeResult<GatewayInfo> {
  return parseWith(ZGateway, raw, "Gateway", (g) => ({
    cluster,
    namespace: g.metadata.namespace ?? "default",
    name: g.metadata.name,
    className: g.spec?.gatewayClassName ?? "",
    listeners: (g.spec?.listeners ?? []).map((l) => ({
      name: l.name,
      ...(l.hostname ? { hostname: l.hostname } : {}),
      port: l.port,
      protocol: l.protocol,
    })),
    addresses: (g.status?.addresses ?? []).map((a) => a.value),
  }));
}
