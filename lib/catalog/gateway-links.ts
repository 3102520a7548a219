// Links gateway routes to Kubernetes Services. A route whose gateway service leads to a synced
// Service becomes a Gateway exposure of that Service's API; any other route is an API of its own.
import { objectKey } from "./object-key";
import type { DerivedExposure, GatewayPluginInfo, GatewayRouteInfo, GatewayServiceInfo, GatewaySourceInfo, ServiceInfo, ServicePortInfo } from "./types";
import { deriveGatewayExposures } from "./derive-gateway-exposures";
import { addMember, deleteMember, membersOf, type MemberMap } from "../util/members";
import { intern, setShared } from "../util/intern";

const SEP = "\u0000";

type Link = { type: "service"; svcKey: string; port?: number | string } | { type: "own" };

export type LinkHost = {
  serviceByName(cluster: string, namespace: string, name: string): ServiceInfo | undefined;
  servicesByUid(uid: string): ServiceInfo | undefined;
  clusters(): string[];
  markService(svcKey: string): void;
  markFamily(fid: string): void;
};

/** Family of a gateway route that is an API of its own. */
export function routeFamily(gateway: string, routeId: string): string {
  return ["kong", gateway, routeId].join(SEP);
}

/** Gateway entities and their links to Kubernetes, maintained incrementally. */
export class GatewayLinks {
  readonly sources = new Map<string, GatewaySourceInfo>();
  readonly kongServices = new Map<string, GatewayServiceInfo>();
  readonly routes = new Map<string, GatewayRouteInfo>();
  readonly plugins = new Map<string, GatewayPluginInfo>();
  private readonly routesByKongService: MemberMap = new Map();
  private readonly pluginsByTarget: MemberMap = new Map();
  /** plugins on no route and no service, per gateway: they apply to every route */
  private readonly globalPlugins: MemberMap = new Map();
  private readonly linkOf = new Map<string, Link>();
  private readonly routesBySvc: MemberMap = new Map();
  /** routes that want a Service by namespace/name, linked or not, to re-link when Services change */
  private readonly wanting: MemberMap = new Map();
  private readonly wantKeyOf = new Map<string, string>();

  constructor(private readonly host: LinkHost) {}

  setSource(info: GatewaySourceInfo): void {
    const prev = this.sources.get(info.name);
    this.sources.set(info.name, info);
    if (prev && JSON.stringify(prev) === JSON.stringify(info)) return;
    for (const [key, r] of this.routes) if (r.gateway === info.name) this.relink(key, true);
  }

  /** The Kong service `id` of `gateway`, as last synced. */
  kongService(gateway: string, id: string): GatewayServiceInfo | undefined {
    return this.kongServices.get(k(gateway, id));
  }

  putService(svc: GatewayServiceInfo): boolean {
    const key = k(svc.gateway, svc.id);
    const prev = this.kongServices.get(key);
    if (prev && JSON.stringify(prev) === JSON.stringify(svc)) return false;
    setShared(this.kongServices, key, svc);
    for (const r of membersOf(this.routesByKongService, key)) this.relink(r, true);
    return true;
  }

  removeService(gateway: string, id: string): boolean {
    const key = k(gateway, id);
    if (!this.kongServices.delete(key)) return false;
    for (const r of membersOf(this.routesByKongService, key)) this.relink(r, true);
    return true;
  }

  putRoute(route: GatewayRouteInfo): boolean {
    const key = k(route.gateway, route.id);
    const prev = this.routes.get(key);
    if (prev && JSON.stringify(prev) === JSON.stringify(route)) return false;
    if (prev?.serviceId) deleteMember(this.routesByKongService, k(prev.gateway, prev.serviceId), key);
    setShared(this.routes, key, route);
    if (route.serviceId) addMember(this.routesByKongService, k(route.gateway, route.serviceId), key);
    this.relink(key, true);
    return true;
  }

  removeRoute(gateway: string, id: string): boolean {
    const key = k(gateway, id);
    const prev = this.routes.get(key);
    if (!prev) return false;
    this.markLinkTarget(key);
    this.dropLink(key);
    this.routes.delete(key);
    if (prev.serviceId) deleteMember(this.routesByKongService, k(gateway, prev.serviceId), key);
    return true;
  }

  putPlugin(p: GatewayPluginInfo): boolean {
    const key = k(p.gateway, p.id);
    const prev = this.plugins.get(key);
    if (prev && JSON.stringify(prev) === JSON.stringify(p)) return false;
    if (prev) this.unindexPlugin(key, prev);
    setShared(this.plugins, key, p);
    this.indexPlugin(key, p);
    return true;
  }

  removePlugin(gateway: string, id: string): boolean {
    const key = k(gateway, id);
    const prev = this.plugins.get(key);
    if (!prev) return false;
    this.unindexPlugin(key, prev);
    this.plugins.delete(key);
    return true;
  }

  /** Called when a Kubernetes Service appears, changes or goes: re-links routes that want it. */
  serviceChanged(svc: ServiceInfo): void {
    for (const r of [...membersOf(this.wanting, wantKey(svc.namespace, svc.name))]) this.relink(r, false);
  }

  /** Gateway exposures linked to a Service port, and the gateways they come from. */
  exposuresFor(svc: ServiceInfo, port: ServicePortInfo | null): { exposures: DerivedExposure[]; gateways: string[] } {
    const svcKey = objectKey(svc.cluster, svc.namespace, svc.name);
    const exposures: DerivedExposure[] = [];
    const gateways = new Set<string>();
    for (const rk of membersOf(this.routesBySvc, svcKey)) {
      const link = this.linkOf.get(rk);
      if (link?.type !== "service") continue;
      const portOk =
        port === null ||
        (link.port === undefined ? svc.ports[0] === port : link.port === port.port || link.port === port.name);
      if (!portOk) continue;
      const route = this.routes.get(rk)!;
      exposures.push(...this.routeExposures(route));
      gateways.add(route.gateway);
    }
    return { exposures, gateways: [...gateways] };
  }

  /** Exposures of a route, with its service and plugins. */
  routeExposures(route: GatewayRouteInfo): DerivedExposure[] {
    const service = route.serviceId ? this.kongServices.get(k(route.gateway, route.serviceId)) : undefined;
    const plugins = [
      ...membersOf(this.pluginsByTarget, targetKey("route", route.gateway, route.id)),
      ...(route.serviceId ? membersOf(this.pluginsByTarget, targetKey("service", route.gateway, route.serviceId)) : []),
      ...membersOf(this.globalPlugins, route.gateway),
    ].map((pk) => this.plugins.get(pk)!).filter(Boolean);
    return deriveGatewayExposures(route, service, this.sources.get(route.gateway), plugins);
  }

  /** The route behind a route family, when that route is an API of its own. */
  ownRoute(gateway: string, id: string): { route: GatewayRouteInfo; service?: GatewayServiceInfo } | undefined {
    const key = k(gateway, id);
    const route = this.routes.get(key);
    if (!route || this.linkOf.get(key)?.type !== "own") return undefined;
    return { route, service: route.serviceId ? this.kongServices.get(k(gateway, route.serviceId)) : undefined };
  }

  private relink(routeKey: string, always: boolean): void {
    const route = this.routes.get(routeKey);
    if (!route) return;
    const prev = this.linkOf.get(routeKey);
    const next = this.resolve(route);
    if (!always && JSON.stringify(prev) === JSON.stringify(next)) return;
    this.markLinkTarget(routeKey);
    this.dropLink(routeKey);
    if (next.type === "service") next.svcKey = intern(next.svcKey);
    this.linkOf.set(routeKey, next);
    if (next.type === "service") addMember(this.routesBySvc, next.svcKey, routeKey);
    const want = this.wantedService(route);
    if (want) {
      const wk = wantKey(want.namespace, want.name);
      addMember(this.wanting, wk, routeKey);
      this.wantKeyOf.set(routeKey, intern(wk));
    }
    this.markLinkTarget(routeKey);
  }

  private dropLink(routeKey: string): void {
    const prev = this.linkOf.get(routeKey);
    if (prev?.type === "service") deleteMember(this.routesBySvc, prev.svcKey, routeKey);
    this.linkOf.delete(routeKey);
    const wk = this.wantKeyOf.get(routeKey);
    if (wk) {
      deleteMember(this.wanting, wk, routeKey);
      this.wantKeyOf.delete(routeKey);
    }
  }

  private markLinkTarget(routeKey: string): void {
    const link = this.linkOf.get(routeKey);
    const route = this.routes.get(routeKey);
    if (!link || !route) return;
    if (link.type === "service") this.host.markService(link.svcKey);
    else this.host.markFamily(routeFamily(route.gateway, route.id));
  }

  private wantedService(route: GatewayRouteInfo) {
    // A route registered under an API name is that API; one registered from a Service's
    // annotations (no API name) is a gateway exposure of the Service's API.
    if (route.managedBy === "signpost" && route.registration) return undefined;
    const svc = route.serviceId ? this.kongServices.get(k(route.gateway, route.serviceId)) : undefined;
    return svc?.backend;
  }

  private resolve(route: GatewayRouteInfo): Link {
    const backend = this.wantedService(route);
    if (!backend) return { type: "own" };
    let target = backend.uid ? this.host.servicesByUid(backend.uid) : undefined;
    if (!target) {
      const gwCluster = this.sources.get(route.gateway)?.cluster;
      const candidates = (gwCluster ? [gwCluster] : this.host.clusters())
        .map((c) => this.host.serviceByName(c, backend.namespace, backend.name))
        .filter((s): s is ServiceInfo => Boolean(s));
      // Ambiguous across clusters without a configured cluster: do not guess.
      if (candidates.length === 1) target = candidates[0];
    }
    if (!target) return { type: "own" };
    return { type: "service", svcKey: objectKey(target.cluster, target.namespace, target.name), port: backend.port };
  }

  private indexPlugin(key: string, p: GatewayPluginInfo): void {
    if (isGlobal(p)) addMember(this.globalPlugins, p.gateway, key);
    for (const t of this.pluginTargets(p)) addMember(this.pluginsByTarget, t, key);
    this.markPluginTargets(p);
  }

  private unindexPlugin(key: string, p: GatewayPluginInfo): void {
    if (isGlobal(p)) deleteMember(this.globalPlugins, p.gateway, key);
    for (const t of this.pluginTargets(p)) deleteMember(this.pluginsByTarget, t, key);
    this.markPluginTargets(p);
  }

  private pluginTargets(p: GatewayPluginInfo): string[] {
    const out: string[] = [];
    if (p.routeId) out.push(targetKey("route", p.gateway, p.routeId));
    if (p.serviceId) out.push(targetKey("service", p.gateway, p.serviceId));
    return out;
  }

  private markPluginTargets(p: GatewayPluginInfo): void {
    // A global plugin changes what every route of its gateway asks of callers (rare: a full pass).
    if (isGlobal(p)) for (const [rk, r] of this.routes) if (r.gateway === p.gateway) this.markLinkTarget(rk);
    if (p.routeId) this.markLinkTarget(k(p.gateway, p.routeId));
    if (p.serviceId) for (const r of membersOf(this.routesByKongService, k(p.gateway, p.serviceId))) this.markLinkTarget(r);
  }
}

/** A plugin on every route of its gateway: no route, no service, no consumer. */
function isGlobal(p: GatewayPluginInfo): boolean {
  return !p.routeId && !p.serviceId && !p.consumerScoped;
}

// Keys are joined, not templated: join() makes one flat string, which is what maps should keep.
function k(gateway: string, id: string): string {
  return [gateway, id].join(SEP);
}

/** Key of the routes that want the Service namespace/name. */
function wantKey(namespace: string, name: string): string {
  return [namespace, name].join(SEP);
}

/** Key of the plugins on a route or a Kong service. */
function targetKey(type: "route" | "service", gateway: string, id: string): string {
  return [type, gateway, id].join(SEP);
}
