// Objects that route to Services (Ingresses, HTTPRoutes), kept by key and indexed by the Services
// they route to, so that a change to either side marks exactly the families it touches.
import type { HTTPRouteInfo, IngressInfo } from "./types";
import { addMember, deleteMember, membersOf, type MemberMap } from "../util/members";
import { objectKey, sameObject } from "./object-key";
import { setShared } from "../util/intern";

type Ref = { cluster: string; namespace: string; name: string };

/** Ingresses or HTTPRoutes with their backend Services; `mark` hears of every Service touched. */
export class BackendRefs<T extends Ref> {
  private readonly store = new Map<string, T>();
  private readonly byBackend: MemberMap = new Map();

  constructor(
    private readonly backendsOf: (o: T) => string[],
    private readonly mark: (cluster: string, namespace: string, services: string[]) => void,
  ) {}

  /** Inserts or replaces `obj`; false when nothing changed. */
  put(obj: T): boolean {
    const key = objectKey(obj.cluster, obj.namespace, obj.name);
    const prev = this.store.get(key);
    if (sameObject(prev, obj)) return false;
    if (prev) this.unindex(key, prev);
    setShared(this.store, key, obj);
    for (const b of this.backendsOf(obj)) addMember(this.byBackend, objectKey(obj.cluster, obj.namespace, b), key);
    this.mark(obj.cluster, obj.namespace, this.backendsOf(obj));
    return true;
  }

  /** Removes the object of `key`; false when it was not there. */
  drop(key: string): boolean {
    const prev = this.store.get(key);
    if (!prev) return false;
    this.store.delete(key);
    this.unindex(key, prev);
    return true;
  }

  /** The objects routing to the Service cluster/namespace/name. */
  routingTo(cluster: string, namespace: string, service: string): T[] {
    return [...membersOf(this.byBackend, objectKey(cluster, namespace, service))].map((k) => this.store.get(k)!).filter(Boolean);
  }

  /** Marks the backends of every object that `touched` selects (an IngressClass or Gateway changed). */
  markWhere(touched: (o: T) => boolean): void {
    for (const o of this.store.values()) if (touched(o)) this.mark(o.cluster, o.namespace, this.backendsOf(o));
  }

  private unindex(key: string, prev: T): void {
    for (const b of this.backendsOf(prev)) deleteMember(this.byBackend, objectKey(prev.cluster, prev.namespace, b), key);
    this.mark(prev.cluster, prev.namespace, this.backendsOf(prev));
  }
}

/** The Services an Ingress routes to (its rules' backends and its default backend). */
export function ingressBackends(ing: IngressInfo): string[] {
  const names = ing.rules.flatMap((r) => r.paths.map((p) => p.backend?.service)).filter((s): s is string => Boolean(s));
  if (ing.defaultBackend) names.push(ing.defaultBackend.service);
  return [...new Set(names)];
}

/** The Services of an HTTPRoute's backendRefs in its own namespace. */
export function routeBackends(route: HTTPRouteInfo): string[] {
  // Cross-namespace backendRefs are indexed under the route's namespace only when they stay in it.
  return [
    ...new Set(
      route.rules.flatMap((r) =>
        r.backendRefs.filter((b) => b.kind === "Service" && b.group === "" && b.namespace === route.namespace).map((b) => b.name),
      ),
    ),
  ];
}
