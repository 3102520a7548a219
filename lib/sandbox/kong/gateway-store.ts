import { notFound } from "./api-error";
import { configHash, EMPTY_CONFIG_HASH, loadDeclarativeConfig, type DeclarativeLoad } from "./declarative-config";
import { insertEntity, type OpOptions, removeEntity, selectEntity, updateEntity, upsertEntity } from "./entity-ops";
import type { Entity, EntityKind } from "./types";
import { TargetHealth } from "./target-health";
import { WorkspaceData } from "./workspace-data";

/** Which workspace (enterprise) and, for targets, which upstream (id or name) an operation is about. */
export type StoreScope = { workspace?: string; upstream?: string };

/** Options of store writes: a scope plus the DAO options the HTTP layer uses. */
export type StoreWriteOptions = StoreScope & Omit<OpOptions, "upstreamId">;

/** Serialized store (the state file). */
export type StoreState = { version: 1; configHash: string | null; workspaces: ReturnType<WorkspaceData["toJSON"]>[] };

const clone = <T>(v: T): T => structuredClone(v);

/**
 * The sandbox's data, shared by the HTTP layer and by tests that seed it directly. Every write
 * goes through the same validation, defaults and constraints as the Admin API, and throws
 * {@link KongApiError} with the body Kong would send. Writes are allowed in DB-less mode too
 * (seeding); only the HTTP layer refuses them.
 */
export class GatewayStore {
  private readonly spaces = new Map<string, WorkspaceData>();
  /** The balancer's target health marks (memory only, as in Kong). */
  readonly health = new TargetHealth();
  private loadedHash: string | null = null;

  constructor(private readonly onChange: () => void = () => {}) {}

  /** The data of one workspace, created on first use. */
  workspace(name = "default"): WorkspaceData {
    let ws = this.spaces.get(name);
    if (!ws) {
      ws = new WorkspaceData(name);
      this.spaces.set(name, ws);
    }
    return ws;
  }

  workspaceNames(): string[] {
    return [...this.spaces.keys()];
  }

  private opOptions(kind: EntityKind, opts: StoreWriteOptions): OpOptions {
    const { workspace: _w, upstream, ...rest } = opts;
    if (kind !== "targets" || upstream === undefined) return rest;
    const up = selectEntity(this.workspace(opts.workspace), "upstreams", upstream);
    if (!up) throw notFound();
    return { ...rest, upstreamId: up.id, forced: { ...rest.forced, upstream: { id: up.id } } };
  }

  /** Bumped on every change: the proxy rebuilds its router when it moves. */
  revision = 0;

  private changed(dryRun?: boolean) {
    if (dryRun) return;
    this.loadedHash = null;
    this.revision++;
    this.onChange();
  }

  /** Inserts (POST). */
  insert(kind: EntityKind, input: unknown, opts: StoreWriteOptions = {}): Entity {
    const e = insertEntity(this.workspace(opts.workspace), kind, input, this.opOptions(kind, opts));
    this.changed(opts.dryRun);
    return clone(e);
  }

  /** Creates or replaces by id or endpoint key (PUT). */
  upsert(kind: EntityKind, key: string, input: unknown, opts: StoreWriteOptions = {}): Entity {
    const e = upsertEntity(this.workspace(opts.workspace), kind, key, input, this.opOptions(kind, opts));
    this.changed(opts.dryRun);
    return clone(e);
  }

  /** Partial update (PATCH); throws 404 when missing. */
  update(kind: EntityKind, key: string, patch: unknown, opts: StoreWriteOptions = {}): Entity {
    const e = updateEntity(this.workspace(opts.workspace), kind, key, patch, this.opOptions(kind, opts));
    this.changed(opts.dryRun);
    return clone(e);
  }

  /** Deletes with Kong's cascades; false when nothing matched. */
  remove(kind: EntityKind, key: string, opts: StoreWriteOptions = {}): boolean {
    const removed = removeEntity(this.workspace(opts.workspace), kind, key, this.opOptions(kind, opts));
    if (removed) this.changed(opts.dryRun);
    return removed;
  }

  /** One entity by id or endpoint key, or null. */
  get(kind: EntityKind, key: string, scope: StoreScope = {}): Entity | null {
    const e = selectEntity(this.workspace(scope.workspace), kind, key, this.opOptions(kind, scope));
    return e ? clone(e) : null;
  }

  /** All entities of a kind in page order (by id); targets limited to scope.upstream when given. */
  list(kind: EntityKind, scope: StoreScope = {}): Entity[] {
    const { upstreamId } = this.opOptions(kind, scope);
    const table = this.workspace(scope.workspace).table(kind);
    if (upstreamId) return clone(table.where("upstream", upstreamId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    return clone([...table.sorted()]);
  }

  /** Replaces a workspace's contents with a declarative config (what POST /config does). */
  loadConfig(config: unknown, scope: StoreScope = {}): DeclarativeLoad {
    const name = scope.workspace ?? "default";
    const current = this.workspace(name);
    const loaded = loadDeclarativeConfig(config, name, current.id);
    this.spaces.set(name, loaded.data);
    this.revision++;
    this.onChange();
    this.loadedHash = loaded.hash;
    return loaded;
  }

  /** configuration_hash: of the last loaded config, or of the data after direct writes. */
  configHash(): string {
    if (this.loadedHash) return this.loadedHash;
    const ws = this.workspace();
    return ws.isEmpty() ? EMPTY_CONFIG_HASH : configHash(ws.toJSON().entities);
  }

  /** Empties every workspace. */
  clear(): void {
    this.spaces.clear();
    this.changed();
  }

  toState(): StoreState {
    return { version: 1, configHash: this.loadedHash, workspaces: [...this.spaces.values()].map((w) => w.toJSON()) };
  }

  restore(state: StoreState): void {
    this.revision++;
    this.spaces.clear();
    for (const w of state.workspaces) this.spaces.set(w.name, WorkspaceData.fromJSON(w));
    this.loadedHash = state.configHash;
  }
}
