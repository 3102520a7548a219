// The sandbox's etcd: one global resourceVersion counter, objects per resource and a bounded
// event log. Stored objects are never mutated: every write stores a new copy, so lists and
// watches can hand out references safely.
import { ServiceAllocator } from "./allocator";
import { EventLog } from "./event-log";
import { objectKey } from "./object-meta";
import type { ResourceRegistry } from "./resources";
import { apiErrors } from "./status-errors";
import type { KubeObject, ResourceDef, StoreEvent } from "./types";

/** What the state file holds. */
export type StoreState = { resourceVersion: number; objects: KubeObject[] };

/** Storage, history and change fan-out; the write pipelines live in ResourceStore. */
export class ObjectStore {
  readonly registry: ResourceRegistry;
  protected rv = 0;
  protected readonly data = new Map<string, Map<string, KubeObject>>();
  protected readonly log: EventLog;
  protected readonly listeners = new Set<(ev: StoreEvent) => void>();
  protected readonly alloc = new ServiceAllocator();
  protected readonly writeHooks = new Set<() => void>();
  /** Loaded objects of kinds this sandbox does not serve (e.g. gatewayApi: false): kept for the next save. */
  private foreign: KubeObject[] = [];

  constructor(opts: { registry: ResourceRegistry; historyLimit?: number }) {
    this.registry = opts.registry;
    this.log = new EventLog(opts.historyLimit ?? 1000);
  }

  /** The latest resourceVersion handed out (as a string, like every RV on the wire). */
  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** True when no object of any kind is stored. */
  isEmpty(): boolean {
    return [...this.data.values()].every((m) => m.size === 0);
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get compactedRv(): number {
    return this.log.compactedRv;
  }

  /** Stored objects of a resource, sorted by key (namespace/name), as a list returns them. */
  itemsOf(d: ResourceDef): KubeObject[] {
    const m = this.bucket(d);
    return [...m.keys()].sort().map((k) => m.get(k)!);
  }

  /** An object or a 404 Status error. */
  getIn(d: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const obj = this.bucket(d).get(objectKey(d.namespaced ? namespace : undefined, name));
    if (!obj) throw apiErrors.notFound(d, name);
    return obj;
  }

  /** The resource's objects as of `rv` (for exact-RV lists), or undefined if compacted. */
  stateAt(d: ResourceDef, rv: number): KubeObject[] | undefined {
    const events = this.log.after(rv);
    if (!events) return undefined;
    const m = new Map(this.bucket(d));
    for (const ev of [...events].reverse()) {
      if (ev.storageKey !== d.storageKey) continue;
      const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "");
      if (ev.type === "ADDED") m.delete(key);
      else m.set(key, ev.old!);
    }
    return [...m.keys()].sort().map((k) => m.get(k)!);
  }

  /** Events after `rv` (all resources), or undefined when compacted. */
  eventsAfter(rv: number): StoreEvent[] | undefined {
    return this.log.after(rv);
  }

  /** Registers a listener for every committed change; returns the unsubscribe function. */
  subscribe(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Registers a hook run after every write (persistence). */
  onWrite(fn: () => void): () => void {
    this.writeHooks.add(fn);
    return () => this.writeHooks.delete(fn);
  }

  /** Forgets the event log: any watch from an older resourceVersion now gets 410. */
  expireHistory(): void {
    this.log.compactTo(this.rv);
  }

  /** Everything needed to restore the store. */
  dump(): StoreState {
    return { resourceVersion: this.rv, objects: [...[...this.data.values()].flatMap((m) => [...m.values()]), ...this.foreign] };
  }

  /** Replaces the contents with a dump; the event log starts empty (older RVs get 410). */
  load(state: StoreState): void {
    this.data.clear();
    this.foreign = [];
    for (const obj of state.objects) {
      const d = this.registry.byKind(obj.apiVersion ?? "", obj.kind ?? "");
      if (!d) {
        this.foreign.push(obj);
        continue;
      }
      this.bucket(d).set(objectKey(obj.metadata.namespace, obj.metadata.name ?? ""), obj);
      if (d.kind === "Service") this.alloc.adopt(obj);
    }
    this.rv = state.resourceVersion;
    this.log.compactTo(this.rv);
  }

  protected bucket(d: ResourceDef): Map<string, KubeObject> {
    let m = this.data.get(d.storageKey);
    if (!m) this.data.set(d.storageKey, (m = new Map()));
    return m;
  }

  protected commit(d: ResourceDef, type: "ADDED" | "MODIFIED", obj: KubeObject, old?: KubeObject): KubeObject {
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    this.bucket(d).set(objectKey(obj.metadata.namespace, obj.metadata.name!), obj);
    this.emit({ rv: this.rv, type, storageKey: d.storageKey, object: obj, old });
    return obj;
  }

  /** Removes an object; the DELETED event carries its last state at the deletion resourceVersion. */
  protected remove(d: ResourceDef, old: KubeObject): KubeObject {
    const gone = structuredClone(old);
    this.bucket(d).delete(objectKey(old.metadata.namespace, old.metadata.name ?? ""));
    this.rv++;
    gone.metadata.resourceVersion = String(this.rv);
    this.emit({ rv: this.rv, type: "DELETED", storageKey: d.storageKey, object: gone, old });
    return gone;
  }

  protected emit(ev: StoreEvent): void {
    this.log.push(ev);
    for (const fn of this.listeners) fn(ev);
    for (const fn of this.writeHooks) fn();
  }
}
