// The in-memory catalog: slim objects of every source, indexed so that a change recomputes only
// the APIs it touches. Objects are grouped into families (one microservice in one namespace of
// one cluster, or one unlinked gateway route); a change marks families dirty, flush() recomputes
// them and merges their contributions into APIs.
import { microserviceOf } from "./owner";
import type {
  EndpointSliceInfo,
  GatewayInfo,
  GatewaySourceInfo,
  HTTPRouteInfo,
  IngressClassInfo,
  IngressInfo,
  NodeInfo,
  ServiceInfo,
} from "./types";
import { computeFamily, type FamilyLookups } from "./compute-family";
import { GatewayLinks } from "./gateway-links";
import { addMember, countBy, deleteMember, membersOf, type MemberMap } from "../util/members";
import { intern, setShared } from "../util/intern";
import { ApiAssembly, type ApiSummary, type FlushResult } from "./api-assembly";
import { danglingFamily, objectKey, sameObject as same, serviceFamily, SEP } from "./object-key";
import { BackendRefs, ingressBackends, routeBackends } from "./backend-refs";
import type { IndexKind, IndexObject, IndexOptions } from "./index-object";

export type { IndexKind, IndexObject, IndexOptions } from "./index-object";
export type { ApiSummary, FlushResult };

/** The catalog's working set; not thread-safe, owned by one worker. */
export class CatalogIndex {
  readonly services = new Map<string, ServiceInfo>();
  readonly slices = new Map<string, EndpointSliceInfo>();
  readonly nodes = new Map<string, Map<string, NodeInfo>>();
  readonly ingressClasses = new Map<string, IngressClassInfo>();
  readonly k8sGateways = new Map<string, GatewayInfo>();
  readonly links: GatewayLinks;

  private readonly familyServices: MemberMap = new Map();
  private readonly familyOfService = new Map<string, string>();
  private readonly familiesByCluster: MemberMap = new Map();
  private readonly ingresses = new BackendRefs<IngressInfo>(ingressBackends, (c, ns, s) => this.markBackends(c, ns, s));
  private readonly httpRoutes = new BackendRefs<HTTPRouteInfo>(routeBackends, (c, ns, s) => this.markBackends(c, ns, s));
  private readonly slicesByService: MemberMap = new Map();
  private readonly apis = new ApiAssembly();
  private readonly dirty = new Set<string>();
  private readonly serviceByUid = new Map<string, ServiceInfo>();
  /** Services per cluster: the clusters a gateway route may link into, asked once per route (a scan of every Service cost 359 ms at 10k). */
  private readonly servicesPerCluster = new Map<string, number>();
  private readonly excludeNamespaces: Set<string>;
  private readonly excludeServices: Set<string>;
  readonly clusterDomain: (cluster: string) => string;

  constructor(opts: IndexOptions = {}) {
    this.clusterDomain = opts.clusterDomain ?? (() => "cluster.local");
    this.excludeNamespaces = new Set(opts.excludeNamespaces ?? ["kube-system", "kube-public", "kube-node-lease"]);
    this.excludeServices = new Set(opts.excludeServices ?? ["default/kubernetes"]);
    this.links = new GatewayLinks({
      serviceByName: (cluster, ns, name) => this.services.get(objectKey(cluster, ns, name)),
      servicesByUid: (uid) => this.serviceByUid.get(uid),
      clusters: () => [...this.servicesPerCluster.keys()],
      markService: (key) => this.markServiceFamilies(key),
      markFamily: (fid) => this.dirty.add(fid),
    });
  }

  /** Inserts or replaces an object; returns false when nothing changed. */
  upsert(o: IndexObject): boolean {
    switch (o.kind) {
      case "Service":
        return this.putService(o.obj);
      case "Ingress":
        return this.ingresses.put(o.obj);
      case "HTTPRoute":
        return this.httpRoutes.put(o.obj);
      case "EndpointSlice":
        return this.putSlice(o.obj);
      case "Node": {
        const byName = this.nodes.get(o.obj.cluster) ?? new Map<string, NodeInfo>();
        if (same(byName.get(o.obj.name), o.obj)) return false;
        byName.set(o.obj.name, o.obj);
        this.nodes.set(o.obj.cluster, byName);
        this.markCluster(o.obj.cluster);
        return true;
      }
      case "IngressClass":
        return this.putClusterScoped(this.ingressClasses, o.obj.cluster, o.obj.name, o.obj, () =>
          this.ingresses.markWhere((ing) => ing.cluster === o.obj.cluster && ing.className === o.obj.name),
        );
      case "Gateway": {
        const key = objectKey(o.obj.cluster, o.obj.namespace, o.obj.name);
        if (same(this.k8sGateways.get(key), o.obj)) return false;
        this.k8sGateways.set(key, o.obj);
        this.markRoutesOfGateway(o.obj.cluster, o.obj.namespace, o.obj.name);
        return true;
      }
      case "KongService":
        return this.links.putService(o.obj);
      case "KongRoute":
        return this.links.putRoute(o.obj);
      case "KongPlugin":
        return this.links.putPlugin(o.obj);
    }
  }

  /** Removes an object; returns false when it was not there. */
  remove(kind: IndexKind, source: string, namespace: string, name: string): boolean {
    const key = objectKey(source, namespace, name);
    switch (kind) {
      case "Service": {
        const svc = this.services.get(key);
        if (!svc) return false;
        this.markServiceFamilies(key);
        this.unlinkService(key, svc);
        return true;
      }
      case "Ingress":
        return this.ingresses.drop(key);
      case "HTTPRoute":
        return this.httpRoutes.drop(key);
      case "EndpointSlice": {
        const slice = this.slices.get(key);
        if (!slice) return false;
        this.slices.delete(key);
        if (slice.serviceName) {
          const svcKey = objectKey(slice.cluster, slice.namespace, slice.serviceName);
          deleteMember(this.slicesByService, svcKey, key);
          this.markServiceFamilies(svcKey);
        }
        return true;
      }
      case "Node": {
        const byName = this.nodes.get(source);
        if (!byName?.delete(name)) return false;
        this.markCluster(source);
        return true;
      }
      case "IngressClass": {
        const k = objectKey(source, "", name);
        if (!this.ingressClasses.delete(k)) return false;
        this.ingresses.markWhere((ing) => ing.cluster === source && ing.className === name);
        return true;
      }
      case "Gateway":
        if (!this.k8sGateways.delete(key)) return false;
        this.markRoutesOfGateway(source, namespace, name);
        return true;
      case "KongService":
        return this.links.removeService(source, name);
      case "KongRoute":
        return this.links.removeRoute(source, name);
      case "KongPlugin":
        return this.links.removePlugin(source, name);
    }
  }

  /** Tells the index about a gateway source (its proxy URL and DB-less mode). */
  setGatewaySource(info: GatewaySourceInfo): void {
    this.links.setSource(info);
  }

  /** Recomputes up to `limit` dirty families; returns the APIs whose content changed and those that vanished. */
  flush(limit = Infinity): FlushResult {
    const lookups = this.lookups();
    const dirty: string[] = [];
    for (const fid of this.dirty) {
      if (dirty.length >= limit) break;
      dirty.push(fid);
    }
    for (const fid of dirty) this.dirty.delete(fid);
    return this.apis.assemble(dirty, (fid) => computeFamily(fid, lookups), this.dirty.size === 0);
  }

  /** The APIs the database holds as live for this index's sources (see ApiAssembly.expectPersisted). */
  expectPersisted(apis: Iterable<ApiSummary>): void {
    this.apis.expectPersisted(apis);
  }

  /** What the index knows of the current API with this key. */
  get(key: string): ApiSummary | undefined {
    return this.apis.get(key);
  }

  /** Number of dirty families waiting for flush(). */
  get pending(): number {
    return this.dirty.size;
  }

  private lookups(): FamilyLookups {
    return {
      familyServices: (fid) => [...membersOf(this.familyServices, fid)].map((k) => this.services.get(k)!).filter(Boolean),
      service: (cluster, ns, name) => this.services.get(objectKey(cluster, ns, name)),
      slicesOf: (cluster, ns, svc) =>
        [...membersOf(this.slicesByService, objectKey(cluster, ns, svc))].map((k) => this.slices.get(k)!).filter(Boolean),
      ingressesFor: (cluster, ns, svc) => this.ingresses.routingTo(cluster, ns, svc),
      httpRoutesFor: (cluster, ns, svc) => this.httpRoutes.routingTo(cluster, ns, svc),
      nodes: (cluster) => [...(this.nodes.get(cluster)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
      ingressClass: (cluster, name) => (name ? this.ingressClasses.get(objectKey(cluster, "", name)) : undefined),
      gateway: (cluster, ns, name) => this.k8sGateways.get(objectKey(cluster, ns, name)),
      clusterDomain: this.clusterDomain,
      links: this.links,
    };
  }

  private putService(svc: ServiceInfo): boolean {
    const key = objectKey(svc.cluster, svc.namespace, svc.name);
    const prev = this.services.get(key);
    if (same(prev, svc)) return false;
    if (prev) {
      this.markServiceFamilies(key);
      this.unlinkService(key, prev);
    }
    setShared(this.services, key, svc);
    countBy(this.servicesPerCluster, svc.cluster, 1);
    this.serviceByUid.set(svc.uid, svc);
    this.dirty.add(danglingFamily(svc.cluster, svc.namespace, svc.name));
    if (this.excludeNamespaces.has(svc.namespace) || this.excludeServices.has(`${svc.namespace}/${svc.name}`)) return true;
    const fid = serviceFamily(svc.cluster, svc.namespace, microserviceOf(svc.labels, svc.name));
    this.familyOfService.set(key, intern(fid));
    addMember(this.familyServices, fid, key);
    addMember(this.familiesByCluster, svc.cluster, fid);
    this.dirty.add(fid);
    this.links.serviceChanged(svc);
    return true;
  }

  private unlinkService(key: string, svc: ServiceInfo): void {
    this.services.delete(key);
    countBy(this.servicesPerCluster, svc.cluster, -1);
    if (this.serviceByUid.get(svc.uid) === svc) this.serviceByUid.delete(svc.uid);
    const fid = this.familyOfService.get(key);
    if (fid) {
      deleteMember(this.familyServices, fid, key);
      this.familyOfService.delete(key);
    }
    this.dirty.add(danglingFamily(svc.cluster, svc.namespace, svc.name));
    this.links.serviceChanged(svc);
  }

  private putSlice(slice: EndpointSliceInfo): boolean {
    const key = objectKey(slice.cluster, slice.namespace, slice.name);
    const prev = this.slices.get(key);
    if (same(prev, slice)) return false;
    if (prev?.serviceName) {
      const old = objectKey(prev.cluster, prev.namespace, prev.serviceName);
      deleteMember(this.slicesByService, old, key);
      this.markServiceFamilies(old);
    }
    setShared(this.slices, key, slice);
    if (slice.serviceName) {
      const svcKey = objectKey(slice.cluster, slice.namespace, slice.serviceName);
      addMember(this.slicesByService, svcKey, key);
      this.markServiceFamilies(svcKey);
    }
    return true;
  }

  private putClusterScoped<T>(store: Map<string, T>, cluster: string, name: string, obj: T, onChange: () => void): boolean {
    const key = objectKey(cluster, "", name);
    if (same(store.get(key), obj)) return false;
    store.set(key, obj);
    onChange();
    return true;
  }

  /** Marks the family of a Service (by key) and its dangling family dirty. */
  markServiceFamilies(svcKey: string): void {
    const fid = this.familyOfService.get(svcKey);
    if (fid) this.dirty.add(fid);
    const [cluster, ns, name] = svcKey.split(SEP);
    this.dirty.add(danglingFamily(cluster, ns, name));
  }

  private markBackends(cluster: string, namespace: string, services: string[]): void {
    for (const s of services) this.markServiceFamilies(objectKey(cluster, namespace, s));
  }

  private markCluster(cluster: string): void {
    for (const fid of membersOf(this.familiesByCluster, cluster)) if (this.familyServices.has(fid)) this.dirty.add(fid);
  }

  private markRoutesOfGateway(cluster: string, namespace: string, name: string): void {
    this.httpRoutes.markWhere((r) => r.cluster === cluster && r.parentRefs.some((p) => p.namespace === namespace && p.name === name));
  }
}
