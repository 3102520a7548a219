// Which configured gateway a registration targets, and its Admin API connection.
import type { TGatewayConfig } from "../env";
import type { KongTarget } from "../kong";
import { ApiError } from "../api/errors";

/** The named gateway, or the only one; 422 naming the choices otherwise. */
export function resolveGateway(gateways: TGatewayConfig[], name: string | undefined): TGatewayConfig {
  if (gateways.length === 0) {
    throw new ApiError("validation_failed", "gateway: no gateway is configured (SIGNPOST_KONG_ADMIN_URL or the config file)", {
      issues: [{ field: "body.gateway", message: "no gateway is configured" }],
    });
  }
  if (!name) {
    if (gateways.length === 1) return gateways[0];
    throw new ApiError("validation_failed", `gateway: several gateways are configured; name one of ${gateways.map((g) => g.name).join(", ")}`, {
      issues: [{ field: "body.gateway", message: "required when several gateways are configured" }],
    });
  }
  const g = gateways.find((x) => x.name === name);
  if (!g) {
    throw new ApiError("validation_failed", `gateway: unknown gateway "${name}" (configured: ${gateways.map((x) => x.name).join(", ")})`, {
      issues: [{ field: "body.gateway", message: "unknown gateway" }],
    });
  }
  return g;
}

/** Admin API connection settings of a gateway. */
export function kongTarget(g: TGatewayConfig): KongTarget {
  return { name: g.name, adminUrl: g.adminUrl, token: g.token, workspace: g.workspace };
}
