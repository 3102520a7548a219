// Syncs one cluster: a list/watch loop per resource, feeding the source tracker. The Gateway API
// resources are watched only where the cluster serves their group (a cluster without the CRDs
// is normal), re-checked at every periodic resync.
import type { ClusterSource } from "../k8s/load-clusters";
import { KUBE_RESOURCES, type KubeResource } from "../k8s/resources";
import { ListWatch, type ListWatchStatus } from "../k8s/list-watch";
import { kubeGetJson } from "../k8s/kube-request";
import type { SourceTracker } from "./source-tracker";
import { logger } from "../log";

export type SyncTimings = {
  watchTimeoutSeconds?: number;
  idleTimeoutMs?: number;
  resyncIntervalMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  minListIntervalMs?: number;
};

export type SourceState = "syncing" | "live" | "degraded" | "unreachable" | "stopped";

export type SourceStatus = {
  state: SourceState;
  lastEventAt: Date | null;
  lastFullSyncAt: Date | null;
  lastError: string | null;
  counts: Record<string, number>;
  heldDeletion: unknown;
  info: Record<string, unknown>;
};

/** One cluster's sync; start() returns at once, the loops run until stop(). */
export class ClusterSync {
  private readonly watches = new Map<string, { lw: ListWatch; resource: KubeResource; status: ListWatchStatus; synced: boolean }>();
  private discoveryTimer?: NodeJS.Timeout;
  private stopped = false;
  private groups: Set<string> | null = null;
  private discoveryError: string | null = null;
  private lastEventAt: Date | null = null;

  constructor(
    readonly cluster: ClusterSource,
    readonly tracker: SourceTracker,
    private readonly timings: SyncTimings = {},
  ) {}

  start(): void {
    for (const r of KUBE_RESOURCES) if (r.group === "" || r.group === "networking.k8s.io" || r.group === "discovery.k8s.io") this.startResource(r);
    void this.discover();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.discoveryTimer);
    await Promise.all([...this.watches.values()].map((w) => w.lw.stop()));
  }

  /** Relists every resource now. */
  resync(): void {
    for (const w of this.watches.values()) w.lw.resync();
    void this.discover();
  }

  /** True once every watched resource has completed a list. */
  get synced(): boolean {
    return this.watches.size > 0 && [...this.watches.values()].every((w) => w.synced);
  }

  status(): SourceStatus {
    // Read each loop's live status (not the copies it emitted).
    const ws = [...this.watches.values()].map((w) => ({ ...w, status: w.lw.status }));
    const failing = ws.filter((w) => w.status.failures > 0 && w.status.lastError);
    const unreachable = ws.length > 0 && ws.every((w) => w.status.lastErrorUnreachable);
    const lastFull = ws.every((w) => w.status.lastListAt) ? new Date(Math.min(...ws.map((w) => w.status.lastListAt!.getTime()))) : null;
    const held = this.tracker.heldDeletion();
    const state: SourceState = this.stopped
      ? "stopped"
      : unreachable
        ? "unreachable"
        : failing.length || held
          ? "degraded"
          : this.synced
            ? "live"
            : "syncing";
    const lastError = failing[0]?.status.lastError ?? this.discoveryError ?? (this.tracker.lastInvalid ? `skipped: ${this.tracker.lastInvalid}` : null);
    return {
      state,
      lastEventAt: this.lastEventAt,
      lastFullSyncAt: lastFull,
      lastError,
      counts: this.tracker.counts(),
      heldDeletion: held ?? null,
      info: {
        gatewayApi: this.groups ? this.groups.has("gateway.networking.k8s.io") : null,
        resources: Object.fromEntries(ws.map((w) => [w.resource.kind, w.status.phase])),
        invalidObjects: this.tracker.invalid,
      },
    };
  }

  private startResource(r: KubeResource): void {
    if (this.watches.has(r.kind) || this.stopped) return;
    let seen: string[] = [];
    const entry = {
      resource: r,
      synced: false,
      status: { phase: "listing", failures: 0, lists: 0, watches: 0 } as ListWatchStatus,
      lw: undefined as unknown as ListWatch,
    };
    entry.lw = new ListWatch(
      { kc: this.cluster.kc, cluster: this.cluster.name, path: r.path, ...this.timings },
      {
        // Pages are applied as they arrive (upserts are safe: those objects exist); what vanished
        // is decided once the list is complete, from the keys seen.
        onListPage: (items) => {
          for (const raw of items) {
            const version = raw.metadata?.resourceVersion;
            const ns = r.namespaced ? (raw.metadata?.namespace ?? "default") : "";
            const name = raw.metadata?.name ?? "";
            if (name && this.tracker.unchanged(r.kind, ns, name, version)) {
              seen.push(this.tracker.seen(r.kind, ns, name));
              continue;
            }
            const res = r.reshape(this.cluster.name, raw);
            if (res.ok) {
              this.tracker.upsert(res.value, version);
              seen.push(this.tracker.keyOf(res.value));
            } else this.tracker.reject(res.error);
          }
        },
        onListDone: () => {
          this.tracker.snapshot([r.kind], [], new Date(), seen);
          seen = [];
          entry.synced = true;
        },
        onListAborted: () => {
          seen = [];
        },
        onEvent: (type, raw) => {
          this.lastEventAt = new Date();
          if (type === "DELETED") {
            const name = raw.metadata?.name;
            if (name) this.tracker.remove(r.kind, r.namespaced ? (raw.metadata?.namespace ?? "default") : "", name);
            return;
          }
          const res = r.reshape(this.cluster.name, raw);
          if (res.ok) this.tracker.upsert(res.value, raw.metadata?.resourceVersion);
          else this.tracker.reject(res.error);
        },
        onStatus: (s) => (entry.status = s),
      },
    );
    this.watches.set(r.kind, entry);
    entry.lw.start();
  }

  /** Finds which API groups the cluster serves; starts Gateway API watches where served. */
  private async discover(): Promise<void> {
    clearTimeout(this.discoveryTimer);
    if (this.stopped) return;
    try {
      const list = await kubeGetJson<{ groups?: { name: string; versions?: { version: string }[] }[] }>(this.cluster.kc, this.cluster.name, "/apis", 15_000);
      this.groups = new Set((list.groups ?? []).filter((g) => g.versions?.some((v) => v.version === "v1")).map((g) => g.name));
      this.discoveryError = null;
      for (const r of KUBE_RESOURCES) if (r.group && this.groups.has(r.group)) this.startResource(r);
      for (const r of KUBE_RESOURCES) {
        const w = this.watches.get(r.kind);
        if (w && r.group === "gateway.networking.k8s.io" && !this.groups.has(r.group)) {
          // The CRDs were removed: stop watching; the objects vanish through the normal path.
          await w.lw.stop();
          this.watches.delete(r.kind);
          this.tracker.snapshot([r.kind], []);
          logger.info("Gateway API no longer served", { cluster: this.cluster.name });
        }
      }
      this.schedule(this.timings.resyncIntervalMs ?? 600_000);
    } catch (err) {
      this.discoveryError = (err as Error).message;
      this.schedule(Math.min(30_000, this.timings.maxBackoffMs ?? 30_000));
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.discoveryTimer = setTimeout(() => void this.discover(), ms);
    this.discoveryTimer.unref?.();
  }
}
