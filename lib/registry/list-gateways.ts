// The configured gateways, for the Register page: name, proxy URL, and what the worker reported.
import type { PrismaClient } from "../db/generated/client";
import type { TGatewayConfig } from "../env";

export type GatewayView = { name: string; proxyUrl: string | null; cluster: string | null; state: string | null; dbless: boolean | null };

/** Every configured gateway (connection secrets left out). */
export async function listGateways(prisma: PrismaClient, gateways: TGatewayConfig[]): Promise<GatewayView[]> {
  const sources = await prisma.source.findMany({ where: { kind: "gateway" } });
  return gateways.map((g) => {
    const s = sources.find((x) => x.name === g.name);
    const info = (s?.info ?? {}) as { dbless?: boolean };
    return { name: g.name, proxyUrl: g.proxyUrl ?? null, cluster: g.cluster ?? null, state: s?.state ?? null, dbless: info.dbless ?? null };
  });
}
