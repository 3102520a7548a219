// The upstream guard's settings from the configuration: the deny and allow lists, and the Admin
// API of every configured gateway (the sandbox gateway's included, which `signpost start` passes
// to the web server as SIGNPOST_KONG_ADMIN_URL).
import { loadConfig, type Config, type TGatewayConfig } from "../env";
import type { UpstreamPolicy } from "../net/check-upstream";

/** The policy for `gateways` (default: the configured ones). */
export function upstreamPolicy(config: Config = loadConfig(), gateways: TGatewayConfig[] = config.gateways): UpstreamPolicy {
  return {
    deny: config.SIGNPOST_UPSTREAM_DENY,
    allow: config.SIGNPOST_UPSTREAM_ALLOW,
    admins: gateways.map((g) => ({ gateway: g.name, url: g.adminUrl })),
    clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN,
  };
}
