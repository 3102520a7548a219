// The sync worker: holds the sync lease (one worker syncs at a time across replicas), starts
// every source warm from its last known state, writes their changes, and reports each source's
// state and freshness to the sources table.
import crypto from "node:crypto";
import os from "node:os";
import type { SqlDb } from "../db/pool";
import { CatalogIndex, type IndexObject } from "../catalog/catalog-index";
import type { ClusterSource } from "../k8s/load-clusters";
import { logger } from "../log";
import { ClusterSync, type SourceStatus, type SyncTimings } from "./cluster-sync";
import type { DeletionPolicy } from "./deletion-safety";
import { SourceTracker, type SourceKind } from "./source-tracker";
import { loadLiveApiSummaries, loadLiveObjects } from "./source-objects";
import { LeaseLostError, SyncWriter, WRITES_FIRST_MAX_MS } from "./sync-writer";
import { acquireLease, holdsLease, releaseLease, SYNC_LEASE } from "./lease";
import { AnnotationRegistrar } from "./annotation-registrar";
import type { TGatewayConfig } from "../env";
import { RegistrationReconciler, type ReconcilerOptions } from "./registration-reconciler";
import { burstCollector } from "../util/collect-after-bursts";

/** What the worker needs of any source (a cluster or a gateway). */
export type SourceSync = {
  readonly tracker: SourceTracker;
  start(): void;
  stop(): Promise<void>;
  resync(): void;
  status(): SourceStatus;
  readonly synced: boolean;
};

export type GatewaySyncFactory = (tracker: SourceTracker, index: CatalogIndex) => SourceSync;

export type WorkerOptions = {
  db: SqlDb;
  clusters: ClusterSource[];
  gateways?: { name: string; endpoint: string; create: GatewaySyncFactory }[];
  clusterDomain?: string;
  deletion: DeletionPolicy;
  timings?: SyncTimings;
  /** lease time to live; another worker takes over this long after this one dies */
  leaseTtlMs?: number;
  statusIntervalMs?: number;
  /** longest wait for every source's first list before APIs are derived anyway (default 3 min) */
  initialHoldMs?: number;
  workerId?: string;
  /** registration on deploy: Services annotated with signpost.dev/gateway are registered there */
  registrar?: { gateways: TGatewayConfig[]; clusterDomain: string; debounceMs?: number };
  /** interrupted registration changes put back, and drift between registrations and gateways */
  reconcile?: Omit<ReconcilerOptions, "db">;
  /** loops only the lease holder runs (the prober), started on taking the lease, stopped on losing it; `writesFirst`: SyncWriter.whenIdle */
  leaderTasks?: ((holder: string, ctx: { writesFirst: () => Promise<void> }) => { stop(): Promise<void> })[];
};

export type Worker = {
  readonly id: string;
  readonly index: CatalogIndex;
  readonly writer: SyncWriter;
  readonly sources: Map<string, SourceSync>;
  /** resolves once this worker holds the lease and its sources are running */
  readonly active: Promise<void>;
  isLeader(): boolean;
  /** resolves when every source completed its first full list and everything is written */
  waitSynced(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

const LEASE = SYNC_LEASE;

/** Starts a worker; it waits as a standby while another worker holds the lease. */
export function startWorker(opts: WorkerOptions): Worker {
  const id = opts.workerId ?? `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  // A standby takes over within ttl + ttl/3 of the holder dying (under 15 s, with time to start).
  const ttl = opts.leaseTtlMs ?? 8_000;
  // Until every source finished its first list (or is unreachable, or the hold expired), APIs are not
  // derived: a first sync then shows each API complete, with one api.created event. Deriving
  // earlier would publish a gateway's routes as unlinked APIs while their cluster is still being
  // listed, then retract them (at 100k Services the first list takes minutes). A source whose
  // list failed once and is retrying is still on its way: it keeps the hold.
  const initialHoldMs = opts.initialHoldMs ?? 180_000;
  let activeSince = 0;
  let registrar: AnnotationRegistrar | undefined;
  let reconciler: RegistrationReconciler | undefined;
  const tasks: { stop(): Promise<void> }[] = [];
  // Each term as leader starts from a fresh index and writer: what an earlier term held in memory
  // may be stale by the time the lease comes back.
  const newTerm = () => {
    const index = new CatalogIndex({ clusterDomain: () => opts.clusterDomain ?? "cluster.local" });
    const writer = new SyncWriter(opts.db, index, {
      holdApis: () =>
        activeSince === 0 ||
        (Date.now() - activeSince < initialHoldMs && [...sources.values()].some((s) => !s.synced && s.status().state !== "unreachable")),
      // Fencing: every write transaction first checks, under a key-share lock, that this worker still
      // holds the lease; a worker that lost it (stalled past the TTL) writes nothing more.
      fence: async (client) => {
        if (!(await holdsLease(client, LEASE, id, true))) throw new LeaseLostError(id);
      },
      onFenced: () => void stepDown("a write found the sync lease held by another worker"),
    });
    return { index, writer };
  };
  let term = newTerm();
  const sources = new Map<string, SourceSync>();
  const sourceIds = new Map<string, string>();
  let leader = false;
  let stopped = false;
  let leaseTimer: NodeJS.Timeout | undefined;
  let steppingDown: Promise<void> = Promise.resolve(); // see leaseLoop
  let statusTimer: NodeJS.Timeout | undefined;
  const handledResync = new Map<string, number>();
  const lastWritten = new Map<string, string>();
  // A first sync or a relist leaves the heap sized for its peak; once writes pause, one full
  // collection gives most of it back (docs/benchmarks.md, worker memory).
  const collector = burstCollector();
  let becameActive!: () => void;
  const active = new Promise<void>((resolve) => (becameActive = resolve));

  async function ensureSource(kind: SourceKind, name: string, endpoint: string): Promise<string> {
    const { rows } = await opts.db.pool.query<{ id: string }>(
      `INSERT INTO sources (id, kind, name, endpoint, state, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, 'syncing', now())
       ON CONFLICT (kind, name) DO UPDATE SET endpoint = EXCLUDED.endpoint, updated_at = now() RETURNING id`,
      [kind, name, endpoint],
    );
    return rows[0].id;
  }

  async function becomeLeader(): Promise<void> {
    logger.info("sync worker is active", { worker: id });
    term = newTerm();
    const { index, writer } = term;
    const specs: { kind: SourceKind; name: string; endpoint: string; make: (t: SourceTracker) => SourceSync }[] = [
      ...opts.clusters.map((c) => ({
        kind: "cluster" as const,
        name: c.name,
        endpoint: c.server,
        make: (t: SourceTracker) => new ClusterSync(c, t, opts.timings),
      })),
      ...(opts.gateways ?? []).map((g) => ({ kind: "gateway" as const, name: g.name, endpoint: g.endpoint, make: (t: SourceTracker) => g.create(t, term.index) })),
    ];
    for (const spec of specs) {
      const sourceId = await ensureSource(spec.kind, spec.name, spec.endpoint);
      sourceIds.set(`${spec.kind}/${spec.name}`, sourceId);
      const tracker = new SourceTracker(sourceId, spec.name, spec.kind, index, writer, opts.deletion);
      // Start warm: the catalog keeps what the source last showed until the source says otherwise.
      const rows = await loadLiveObjects(opts.db.pool, sourceId);
      tracker.warm(rows.map((r) => ({ object: { kind: r.kind, obj: r.data } as IndexObject, version: r.version })));
      sources.set(`${spec.kind}/${spec.name}`, spec.make(tracker));
    }
    // What vanished while no worker ran is found by comparing the first derivation with what
    // the database holds as live for these sources.
    index.expectPersisted(await loadLiveApiSummaries(opts.db.pool, [...new Set(specs.map((s) => s.name))]));
    activeSince = Date.now();
    for (const s of sources.values()) s.start();
    writer.onFlush((s) => collector.note(s.objects + s.written));
    // a flush of thousands of APIs writes for seconds between two notes: not quiet yet
    collector.busyWhile(() => !writer.idle);
    writer.schedule();
    // Scorecards missing (APIs unchanged since before scorecards) or made under another
    // configuration are recomputed once the first derivation is written.
    writer.rescoreScorecards();
    if (opts.registrar) {
      registrar = new AnnotationRegistrar(opts.db, index, opts.registrar);
      writer.onFlush((s) => {
        if (s.written || s.gone || s.objects) registrar?.kick();
      });
    }
    if (opts.reconcile) {
      reconciler = new RegistrationReconciler({ db: opts.db, ...opts.reconcile });
      reconciler.start();
    }
    for (const start of opts.leaderTasks ?? []) tasks.push(start(id, { writesFirst: () => writer.whenIdle(WRITES_FIRST_MAX_MS) }));
    statusTimer = setInterval(() => void reportStatus(), opts.statusIntervalMs ?? 1000);
    becameActive();
  }

  async function reportStatus(): Promise<void> {
    try {
      const { rows } = await opts.db.pool.query<{ id: string; resync_requested_at: Date | null; deletion_confirmed_at: Date | null }>(
        `SELECT id, resync_requested_at, deletion_confirmed_at FROM sources WHERE id = ANY($1::uuid[])`,
        [[...sourceIds.values()]],
      );
      for (const [key, sync] of sources) {
        const sourceId = sourceIds.get(key)!;
        const row = rows.find((r) => r.id === sourceId);
        sync.tracker.confirmedAt = row?.deletion_confirmed_at ?? null;
        const requested = row?.resync_requested_at?.getTime() ?? 0;
        if (requested > (handledResync.get(key) ?? 0)) {
          handledResync.set(key, requested);
          logger.info("resync requested", { source: key });
          sync.resync();
        }
        const st = sync.status();
        if (registrar && key.startsWith("cluster/")) {
          const cluster = key.slice("cluster/".length);
          const errors = [...registrar.errors].filter(([k]) => k.startsWith(`${cluster}/`)).map(([, e]) => e);
          if (errors.length) st.info = { ...st.info, annotationErrors: errors.slice(0, 20) };
        }
        const drift = key.startsWith("gateway/") ? reconciler?.summaries.get(key.slice("gateway/".length)) : undefined;
        if (drift) st.info = { ...st.info, registrationDrift: drift };
        const lastError = st.lastError ?? (term.writer.lastError ? `database: ${term.writer.lastError}` : null);
        const payload = JSON.stringify([st.state, st.lastEventAt, st.lastFullSyncAt, lastError, st.counts, st.heldDeletion, st.info]);
        const fresh = lastWritten.get(key) === payload;
        await opts.db.pool.query(
          fresh
            ? `UPDATE sources SET heartbeat_at = now(), worker = $2 WHERE id = $1::uuid`
            : `UPDATE sources SET heartbeat_at = now(), worker = $2, state = $3, last_event_at = $4, last_full_sync_at = $5,
                 last_error = $6, last_error_at = CASE WHEN $6::text IS NOT NULL AND last_error IS DISTINCT FROM $6::text THEN now() ELSE last_error_at END,
                 counts = $7::jsonb, held_deletion = $8::jsonb, info = $9::jsonb, updated_at = now() WHERE id = $1::uuid`,
          fresh
            ? [sourceId, id]
            : [sourceId, id, st.state, st.lastEventAt, st.lastFullSyncAt, lastError, JSON.stringify(st.counts), JSON.stringify(st.heldDeletion), JSON.stringify(st.info)],
        );
        lastWritten.set(key, payload);
      }
    } catch (err) {
      logger.warn("cannot report source status", { error: (err as Error).message });
    }
  }

  async function leaseLoop(): Promise<void> {
    if (stopped) return;
    try {
      // A step down still stopping the last term's sources (a gateway poll in flight ends first)
      // must end before a new term starts: its stop and discard would hit the new term.
      await steppingDown;
      const held = await acquireLease(opts.db.pool, LEASE, id, ttl);
      if (held && !leader) {
        leader = true;
        await becomeLeader();
      } else if (!held && leader) {
        // Another worker took over (this one stalled past the lease): stop syncing at once.
        logger.warn("lost the sync lease; standing by", { worker: id });
        leader = false;
        await stopSources();
      }
    } catch (err) {
      logger.warn("lease check failed", { error: (err as Error).message });
    }
    if (!stopped) leaseTimer = setTimeout(() => void leaseLoop(), Math.max(200, Math.floor(ttl / 3)));
  }

  async function stepDown(why: string): Promise<void> {
    if (!leader) return;
    logger.warn(`${why}; standing by`, { worker: id });
    leader = false;
    activeSince = 0;
    const ending = term;
    steppingDown = stopSources()
      .catch((err) => logger.warn("stopping the sources failed", { error: (err as Error).message }))
      .then(() => ending.writer.discard());
    await steppingDown;
  }

  async function stopSources(): Promise<void> {
    clearInterval(statusTimer);
    collector.stop();
    await registrar?.stop();
    registrar = undefined;
    await reconciler?.stop();
    reconciler = undefined;
    await Promise.all(tasks.splice(0).map((t) => t.stop()));
    await Promise.all([...sources.values()].map((s) => s.stop()));
    sources.clear();
  }

  void leaseLoop();

  return {
    id,
    get index() {
      return term.index;
    },
    get writer() {
      return term.writer;
    },
    sources,
    active,
    isLeader: () => leader,
    async waitSynced(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      await active;
      while (Date.now() < deadline) {
        if ([...sources.values()].every((s) => s.synced)) {
          await term.writer.flush();
          if (term.writer.idle) return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`sources not synced within ${timeoutMs} ms`);
    },
    async stop() {
      stopped = true;
      clearTimeout(leaseTimer);
      await stopSources();
      await term.writer.stop();
      // Releasing lets a standby take over at once instead of after the lease expires.
      if (leader) await releaseLease(opts.db.pool, LEASE, id).catch(() => {});
      leader = false;
    },
  };
}
