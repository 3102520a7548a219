// What the prober needs: how often, how long one probe may take, how many at once, the gateways
// (with their proxy URLs) and the addresses a proxy URL may be at although private or loopback.
import type { Config, TGatewayConfig } from "../env";

export type ProbeSettings = {
  intervalMs: number;
  timeoutMs: number;
  concurrency: number;
  gateways: TGatewayConfig[];
  /** SIGNPOST_TRY_ALLOW: probes go through the same outbound guard as Try it */
  allow?: string;
};

/**
 * The probe settings of a configuration; `signpost start` passes the gateways it runs (the
 * sandbox gateway among them) and the allow list it gave its web server.
 */
export function probeSettings(config: Config, gateways: TGatewayConfig[] = config.gateways, allow: string | undefined = config.SIGNPOST_TRY_ALLOW): ProbeSettings {
  return { intervalMs: config.SIGNPOST_PROBE_INTERVAL, timeoutMs: config.SIGNPOST_PROBE_TIMEOUT, concurrency: config.SIGNPOST_PROBE_CONCURRENCY, gateways, allow };
}
