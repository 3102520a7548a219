// Syncs one Kong gateway. Kong has no watch, so the Admin API is polled (with jitter, so that
// several gateways and replicas do not align). Each poll takes a complete snapshot; a poll that
// fails midway changes nothing. A poll of an unchanged gateway stays cheap: a DB-less node's
// configuration_hash (GET /status) that has not moved ends it after one request, and otherwise
// the raw answers are fingerprinted page by page: only the pages whose bytes changed since the
// last applied poll are parsed, validated, reshaped and compared.
// The interval stretches to 5x a poll's duration, so a huge gateway is polled less often.
import type { CatalogIndex, IndexObject } from "../catalog/catalog-index";
import { catalogSnapshot, configurationHash, type KongTarget, type PageMemo } from "../kong";
import { KongError } from "../kong/errors";
import { reshapeKongPlugin, reshapeKongRoute, reshapeKongService } from "../kong/reshape/reshape-kong";
import { backendHint } from "../kong/reshape/backend-hint";
import { stableStringify } from "../catalog/merge-contributions";
import type { SourceState, SourceStatus } from "./cluster-sync";
import type { SourceTracker } from "./source-tracker";
import { WRITES_FIRST_MAX_MS } from "./sync-writer";
import type { SourceSync } from "./worker";
import { logger } from "../log";
import { backoffDelay } from "../client/backoff";
import { forEachSliced, TimeSlicer } from "../util/time-slicer";
import type { GatewayServiceInfo } from "../catalog/types";

export type GatewaySyncOptions = {
  target: KongTarget;
  proxyUrl?: string;
  /** cluster whose Ingress Controller feeds this gateway (helps link routes by name) */
  cluster?: string;
  intervalMs?: number;
  /** +- share of the interval added at random */
  jitter?: number;
  maxBackoffMs?: number;
  /**
   * Told how many entities a poll that found a change read and reshaped (those of the pages that
   * changed: up to all of the gateway's, 20k at 10k APIs); the worker's burst collector counts
   * them as work, so that the heap grown for them is given back once polls are quiet again.
   */
  onWork?: (entities: number) => void;
};

const KINDS: IndexObject["kind"][] = ["KongService", "KongRoute", "KongPlugin"];

/** What polling a gateway cost so far (for /metrics). */
export type PollStats = {
  polls: number;
  /** polls that found the gateway as it was (by configuration_hash or by fingerprint) */
  unchanged: number;
  failures: number;
  seconds: number;
  /** CPU time of this process while polls ran (user + system; other work running meanwhile included) */
  cpuSeconds: number;
  lastSeconds: number;
  lastCpuSeconds: number;
};

/** One gateway's poll loop. */
export class GatewaySync implements SourceSync {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<void>;
  private failures = 0;
  private polledOnce = false;
  private lastError: string | null = null;
  private lastErrorKind: KongError["kind"] | null = null;
  private lastPollAt: Date | null = null;
  private lastChangeAt: Date | null = null;
  private info: Record<string, unknown> = {};
  private lastPollMs = 0;
  /** fingerprint of the raw answers of the last applied poll */
  private fingerprint: string | null = null;
  /** what the pages of the last applied poll held, by the hash of their bytes (pages seen again go unparsed) */
  private memo: PageMemo = new Map();
  /** configuration_hash of a DB-less node at the last applied poll */
  private configHash: string | null = null;
  private dbless = false;
  /** A resync was asked for while a poll ran. */
  private again = false;
  readonly stats: PollStats = { polls: 0, unchanged: 0, failures: 0, seconds: 0, cpuSeconds: 0, lastSeconds: 0, lastCpuSeconds: 0 };

  constructor(
    readonly tracker: SourceTracker,
    private readonly index: CatalogIndex,
    private readonly o: GatewaySyncOptions,
  ) {}

  start(): void {
    this.index.setGatewaySource({ name: this.o.target.name, proxyUrl: this.o.proxyUrl, cluster: this.o.cluster, dbless: false });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Polls now; asked during a poll, polls again right after it (never two polls at once: an
   * older snapshot applied after a newer one would show what is no longer true).
   */
  resync(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  get synced(): boolean {
    return this.polledOnce;
  }

  status(): SourceStatus {
    const held = this.tracker.heldDeletion();
    const state: SourceState = this.stopped
      ? "stopped"
      : this.lastError && (this.lastErrorKind === "unreachable" || this.lastErrorKind === "timeout")
        ? "unreachable"
        : this.lastError || held
          ? "degraded"
          : this.polledOnce
            ? "live"
            : "syncing";
    return {
      state,
      lastEventAt: this.lastChangeAt,
      lastFullSyncAt: this.lastPollAt,
      lastError: this.lastError,
      counts: this.tracker.counts(),
      heldDeletion: held ?? null,
      info: { ...this.info, proxyUrl: this.o.proxyUrl ?? null, pollIntervalMs: this.interval() },
    };
  }

  /** The configured interval, stretched so that polling a huge gateway stays under ~20 % of a core. */
  private interval(): number {
    return Math.max(this.o.intervalMs ?? 10_000, this.lastPollMs * 5);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.poll().finally(() => (this.running = undefined));
    }, ms);
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    const name = this.o.target.name;
    const started = Date.now();
    const cpu = process.cpuUsage();
    let unchanged = false;
    try {
      // A held deletion is re-checked by every snapshot (its grace period): never skip one then.
      const skippable = this.polledOnce && !this.tracker.heldDeletion();
      const hash = this.dbless ? await configurationHash(this.o.target).catch(() => null) : null;
      if (skippable && hash && hash === this.configHash) {
        unchanged = true;
        return this.polled(started);
      }
      const current = (id: string) => this.index.links.kongService(name, id);
      // Applied in slices: at 100k APIs a gateway holds 200k entities, seconds of work that must
      // not keep the lease's renewal waiting (lib/util/time-slicer.ts). Each page was validated
      // as it arrived (lib/kong/list-all.ts: parsePage).
      const slicer = new TimeSlicer();
      const snap = await catalogSnapshot(this.o.target, skippable ? this.fingerprint : null, {
        memo: this.memo,
        // After the first poll, each page waits until the catalog's queued writes are done (up to
        // a second): an unchanged poll reads and hashes the whole gateway (22 MB at 10k APIs), and
        // changes from other sources are written first. The first poll waits for nothing.
        beforePage: this.polledOnce ? () => this.tracker.writesFirst(WRITES_FIRST_MAX_MS) : undefined,
        // sorted keys: the index holds objects laid out from their fingerprint's text (source-tracker.ts)
        serviceChanged: (s) => stableStringify(backendHint(s)) !== stableStringify(current(s.id)?.backend),
        // Entities of a changed page that the tracker holds as they are are not returned: a poll
        // that changed 200 of 20k entities holds 200 until it is applied, not every page's
        // entities (up to the whole gateway's, which grew the worker's heap by tens of MiB at 10k).
        unchanged: this.polledOnce
          ? {
              services: (s) => this.tracker.holds({ kind: "KongService", obj: reshapeKongService(name, s) }),
              routes: (r) => this.tracker.holds({ kind: "KongRoute", obj: reshapeKongRoute(name, r) }),
              plugins: (p) => this.tracker.holds({ kind: "KongPlugin", obj: reshapeKongPlugin(name, p) }),
            }
          : undefined,
      });
      if (this.stopped) return;
      if (snap.unchanged) {
        unchanged = true;
        this.configHash = hash;
        return this.polled(started);
      }
      // services of unchanged pages are as the index has them
      const servicesById = new Map<string, GatewayServiceInfo>();
      await forEachSliced(snap.services, (s) => servicesById.set(s.id, reshapeKongService(name, s)), slicer);
      // reshaped as they are applied: 200k reshaped objects are not held at once
      const { routes, plugins } = snap;
      function* objects(): Generator<{ object: IndexObject }> {
        for (const obj of servicesById.values()) yield { object: { kind: "KongService", obj } };
        for (const r of routes) {
          const service = r.service ? (servicesById.get(r.service.id) ?? current(r.service.id)) : undefined;
          yield { object: { kind: "KongRoute", obj: reshapeKongRoute(name, r, service) } };
        }
        for (const p of plugins) yield { object: { kind: "KongPlugin", obj: reshapeKongPlugin(name, p) } };
      }
      const kept = [
        ...snap.kept.services.map((id) => this.tracker.seen("KongService", "", id)),
        ...snap.kept.routes.map((id) => this.tracker.seen("KongRoute", "", id)),
        ...snap.kept.plugins.map((id) => this.tracker.seen("KongPlugin", "", id)),
      ];
      this.info = { version: snap.info.version, edition: snap.info.edition, dbless: snap.info.dbless };
      this.index.setGatewaySource({ name, proxyUrl: this.o.proxyUrl, cluster: this.o.cluster, dbless: snap.info.dbless });
      // What this poll changed, counted by the tracker: the index's dirty families also grow with
      // other sources' changes while the poll is applied across turns of the event loop.
      const changesBefore = this.tracker.changes;
      await this.tracker.snapshotSliced(KINDS, objects(), new Date(), kept, slicer);
      if (this.tracker.changes !== changesBefore) this.lastChangeAt = new Date();
      this.fingerprint = snap.fingerprint;
      this.memo = snap.memo;
      this.o.onWork?.(snap.read);
      this.dbless = snap.info.dbless;
      this.configHash = hash;
      this.polled(started);
    } catch (err) {
      this.stats.failures++;
      this.failures++;
      this.lastError = (err as Error).message;
      this.lastErrorKind = err instanceof KongError ? err.kind : null;
      if (this.failures === 1) logger.warn("gateway poll failed; nothing changed", { gateway: name, error: this.lastError });
    } finally {
      const used = process.cpuUsage(cpu);
      this.stats.polls++;
      if (unchanged) this.stats.unchanged++;
      this.stats.lastSeconds = (Date.now() - started) / 1000;
      this.stats.lastCpuSeconds = (used.user + used.system) / 1e6;
      this.stats.seconds += this.stats.lastSeconds;
      this.stats.cpuSeconds += this.stats.lastCpuSeconds;
      logger.debug("gateway polled", { gateway: name, startedAt: new Date(started).toISOString(), unchanged, ms: Math.round(this.stats.lastSeconds * 1000), processCpuMs: Math.round(this.stats.lastCpuSeconds * 1000) });
      const jitter = this.o.jitter ?? 0.2;
      const interval = this.interval();
      const again = this.again;
      this.again = false;
      this.schedule(
        again
          ? 0
          : this.failures
          ? backoffDelay(this.failures - 1, { initialMs: interval, maxMs: this.o.maxBackoffMs ?? 60_000, jitter })
          : backoffDelay(0, { initialMs: interval, maxMs: interval, jitter }),
      );
    }
  }

  /** Records a successful poll. */
  private polled(started: number): void {
    this.lastPollAt = new Date();
    this.lastPollMs = Date.now() - started;
    this.polledOnce = true;
    if (this.lastError) logger.info("gateway reachable again", { gateway: this.o.target.name });
    this.lastError = null;
    this.lastErrorKind = null;
    this.failures = 0;
  }
}
