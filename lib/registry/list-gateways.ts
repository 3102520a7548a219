// The configured gateways, for the Register page: name, proxy URL, and what the worker reported.
import type { PrismaClient } from "../db/generated/client";
import type { TGatewayConfig } from "../env";
import { choosePath, type RegisterVia } from "./registration-path";

export type GatewayView = {
  name: string;
  proxyUrl: string | null;
  cluster: string | null;
  state: string | null;
  dbless: boolean | null;
  /** how registrations reach it, and why (null until the worker has seen it, when not configured) */
  registerVia: RegisterVia | null;
  registerViaReason: string | null;
};

/** Every configured gateway (connection secrets left out). */
export async function listGateways(prisma: PrismaClient, gateways: TGatewayConfig[]): Promise<GatewayView[]> {
  const sources = await prisma.source.findMany({ where: { kind: { in: ["gateway", "cluster"] } } });
  return gateways.map((g) => {
    const s = sources.find((x) => x.kind === "gateway" && x.name === g.name);
    const info = (s?.info ?? {}) as { dbless?: boolean };
    const clusterInfo = (sources.find((x) => x.kind === "cluster" && x.name === g.cluster)?.info ?? {}) as { gatewayApi?: boolean | null };
    const known = g.registerVia !== undefined || info.dbless !== undefined;
    const path = known ? choosePath(g, info.dbless ?? false, clusterInfo.gatewayApi ?? null) : null;
    return {
      name: g.name, proxyUrl: g.proxyUrl ?? null, cluster: g.cluster ?? null, state: s?.state ?? null, dbless: info.dbless ?? null,
      registerVia: path?.via ?? null, registerViaReason: path?.reason ?? null,
    };
  });
}
