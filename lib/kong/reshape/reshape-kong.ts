// Kong entities -> Signpost's slim records (lib/catalog/types.ts). Tags are read here (backend,
// origin, registration) and not kept: nothing downstream needs them.
import type { GatewayPluginInfo, GatewayRouteInfo, GatewayServiceInfo } from "../../catalog/types";
import type { KongPlugin, KongRoute, KongService } from "../schemas";
import { backendHint } from "./backend-hint";
import { pluginRequirementConfig } from "./plugin-config";
import { routeOrigin } from "./route-origin";
import { KIC_SELECT_TAG, SIGNPOST_TAG, tagMap } from "./tags";

/** A Kong service of `gateway`. */
export function reshapeKongService(gateway: string, s: KongService): GatewayServiceInfo {
  const backend = backendHint({ name: s.name, host: s.host, port: s.port, tags: s.tags });
  return {
    gateway,
    id: s.id,
    ...(s.name ? { name: s.name } : {}),
    protocol: s.protocol,
    host: s.host,
    port: s.port,
    ...(s.path ? { path: s.path } : {}),
    enabled: s.enabled,
    ...(backend ? { backend } : {}),
  };
}

/**
 * A Kong route of `gateway`; `service` is its Kong service when known, as Kong gives it or
 * already reshaped (helps read KIC names).
 */
export function reshapeKongRoute(gateway: string, r: KongRoute, service?: KongService | GatewayServiceInfo): GatewayRouteInfo {
  const tags = tagMap(r.tags);
  const managedBy = tags.has(SIGNPOST_TAG)
    ? "signpost"
    : tags.has(KIC_SELECT_TAG) || tags.has("k8s-kind") || tags.has("k8s-name")
      ? "ingress-controller"
      : "other";
  const origin = managedBy === "signpost" ? undefined : routeOrigin(r, service);
  const regName = tags.get("signpost-api");
  return {
    gateway,
    id: r.id,
    ...(r.name ? { name: r.name } : {}),
    ...(r.service?.id ? { serviceId: r.service.id } : {}),
    protocols: r.protocols ?? ["http", "https"],
    hosts: r.hosts ?? [],
    paths: r.paths ?? [],
    methods: r.methods ?? [],
    stripPath: r.strip_path ?? true,
    managedBy: origin && managedBy === "other" ? "ingress-controller" : managedBy,
    ...(origin ? { origin } : {}),
    ...(managedBy === "signpost" && tags.get("signpost-origin") ? { registeredVia: tags.get("signpost-origin") } : {}),
    ...(managedBy === "signpost" && regName
      ? {
          registration: {
            name: regName,
            ...(tags.get("signpost-microservice") ? { microservice: tags.get("signpost-microservice") } : {}),
            ...(tags.get("signpost-team") ? { team: tags.get("signpost-team") } : {}),
          },
        }
      : {}),
  };
}

/** A Kong plugin of `gateway` (for badges and requirements; its config reduced to what a caller needs). */
export function reshapeKongPlugin(gateway: string, p: KongPlugin): GatewayPluginInfo {
  const config = pluginRequirementConfig(p.name, p.config);
  return {
    gateway,
    id: p.id,
    name: p.name,
    ...(p.route?.id ? { routeId: p.route.id } : {}),
    ...(p.service?.id ? { serviceId: p.service.id } : {}),
    ...(p.consumer?.id ? { consumerScoped: true } : {}),
    enabled: p.enabled,
    ...(config ? { config } : {}),
  };
}
