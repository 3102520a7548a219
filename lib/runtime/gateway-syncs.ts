// Gateway sources for the worker: one poll loop per configured gateway.
import type { Config, TGatewayConfig } from "../env";
import { GatewaySync } from "../sync/gateway-sync";
import type { WorkerOptions } from "../sync/worker";
import { parseDuration } from "../util/duration";
import { burstCollector } from "../util/collect-after-bursts";

/** The worker's gateway specs; `intervalMs` overrides the configured poll interval (tests). */
export function gatewaySyncs(config: Config, gateways: TGatewayConfig[], intervalMs?: number): NonNullable<WorkerOptions["gateways"]> {
  return gateways.map((g) => ({
    name: g.name,
    endpoint: g.adminUrl,
    create: (tracker, index) =>
      new GatewaySync(tracker, index, {
        target: { name: g.name, adminUrl: g.adminUrl, token: g.token, workspace: g.workspace },
        proxyUrl: g.proxyUrl,
        cluster: g.cluster,
        intervalMs: intervalMs ?? (g.pollInterval ? (parseDuration(g.pollInterval) ?? config.SIGNPOST_KONG_POLL_INTERVAL) : config.SIGNPOST_KONG_POLL_INTERVAL),
        // a changed poll reads the pages that changed (up to the whole gateway): what it leaves is
        // collected once polls are quiet
        // (the heap keeps its lean growth through it: polls repeat, a first sync does not)
        onWork: (n) => burstCollector().note(n, { growHeap: false }),
      }),
  }));
}
