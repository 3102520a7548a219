// Exposures of one gateway route: its public URLs (route hosts and paths, else the gateway's
// proxy URL plus the path), with the plugins that guard it as badges and what a caller must do.
import { deriveRequirements, effectivePlugins } from "./derive-requirements";
import type { DerivedExposure, GatewayPluginInfo, GatewayRouteInfo, GatewayServiceInfo, GatewaySourceInfo } from "./types";

/** Derives the Gateway exposures of `route` (one per host and path); `plugins` may include global ones. */
export function deriveGatewayExposures(
  route: GatewayRouteInfo,
  service: GatewayServiceInfo | undefined,
  source: GatewaySourceInfo | undefined,
  plugins: GatewayPluginInfo[],
): DerivedExposure[] {
  const proxy = source?.proxyUrl ? new URL(source.proxyUrl) : undefined;
  const scheme = proxy
    ? proxy.protocol.replace(":", "")
    : route.protocols.includes("https") && !route.protocols.includes("http")
      ? "https"
      : "http";
  const proxyBase = proxy ? `${scheme}://${proxy.host}${proxy.pathname.replace(/\/+$/, "")}` : undefined;
  const paths = displayPaths(route.paths);
  const details = {
    gateway: route.gateway,
    route: route.name ?? route.id,
    routeId: route.id,
    service: service?.name ?? service?.id ?? null,
    upstream: service ? `${service.protocol}://${service.host}:${service.port}${service.path ?? ""}` : null,
    methods: route.methods,
    protocols: route.protocols,
    stripPath: route.stripPath,
    managedBy: route.managedBy,
    ...(route.registeredVia ? { registeredVia: route.registeredVia } : {}),
    plugins: effectivePlugins(route, plugins).map((e) => e.p.name),
    requirements: deriveRequirements(route, plugins),
    ...(route.origin ? { origin: route.origin } : {}),
  };
  const src = { kind: "KongRoute" as const, cluster: route.gateway, name: route.name ?? route.id };
  const out: DerivedExposure[] = [];
  if (route.hosts.length) {
    for (const host of route.hosts) {
      for (const path of paths) out.push({ mode: "Gateway", url: `${scheme}://${host}${path}`, status: "ready", source: src, details });
    }
  } else if (proxyBase) {
    for (const path of paths) out.push({ mode: "Gateway", url: `${proxyBase}${path}`, status: "ready", source: src, details });
  } else {
    out.push({
      mode: "Gateway",
      url: null,
      status: "pending",
      source: src,
      details: { ...details, paths, reason: "route has no hosts and the gateway has no proxy URL configured" },
    });
  }
  return out;
}

/**
 * Paths as a consumer would call them: regex paths of the form ~/x$ become /x, and the
 * "/x/" + "~/x$" pair an Ingress Controller makes for a Prefix path collapses into "/x".
 */
export function displayPaths(paths: string[]): string[] {
  if (paths.length === 0) return ["/"];
  const out = new Set<string>();
  for (const p of paths) {
    let v = p;
    if (v.startsWith("~")) {
      const m = /^~(\/[^$^*+?()[\]{}|\\]*)\$?$/.exec(v);
      if (!m) {
        out.add(v);
        continue;
      }
      v = m[1];
    }
    if (v.length > 1) v = v.replace(/\/+$/, "");
    out.add(v || "/");
  }
  return [...out];
}
