// Try it: one GET on a path the user picks, below the API's own gateway address, through the
// outbound guard; rate-limited per user.
import type { PrismaClient } from "../db/generated/client";
import type { TGatewayConfig } from "../env";
import { getApi } from "../catalog/get-api";
import { callProxy, type ProxyCallResult } from "./call-proxy";
import { proxyTarget } from "./proxy-target";
import { takeTry } from "./try-rate-limit";

export type TryResult = ProxyCallResult & { request: { method: "GET"; url: string; gateway: string } };

/** Calls `path` below API `id`'s gateway address for `user`. */
export async function tryApi(prisma: PrismaClient, o: { id: string; path: string; user: string; gateways: TGatewayConfig[]; allow?: string; limit: number }): Promise<TryResult> {
  const api = await getApi(prisma, o.id);
  const target = proxyTarget(api, o.gateways, o.path);
  takeTry(o.user, o.limit);
  const result = await callProxy(target, o.allow);
  return { request: { method: "GET", url: target.url, gateway: target.gateway }, ...result };
}
