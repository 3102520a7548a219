// WATCH streams (reference §1.5-1.8): one JSON event per line, headers flushed at once,
// synthetic ADDED for "RV unset/0", replay from the event log for "RV N", 410 in either mode
// when N was compacted, selector transitions as ADDED/DELETED, bookmarks on request,
// sendInitialEvents with the initial-events-end bookmark, and the control knobs tests use
// (drop, blackhole, 410 storms).
import type { IncomingMessage, ServerResponse } from "node:http";
import { emptyObject } from "./apply/managed-writes";
import { present } from "./object-meta";
import { compileSelectors } from "./selectors";
import { apiErrors, KubeApiError, type Status } from "./status-errors";
import type { ClusterStore } from "./store";
import { partialMetadata, toTable, type Rendering } from "./table";
import { groupVersion, type Json, type KubeObject, type ResourceDef, type StoreEvent, type WatchEventType } from "./types";

/** How a watch from a compacted resourceVersion is answered. */
export type ExpiredMode = "event" | "status";

/** Watch query parameters (already read from the URL). */
export type WatchParams = {
  namespace?: string;
  name?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
};

type Conn = { res: ServerResponse; zombie: boolean; cleanup(): void };

/** Owns every open watch stream of one sandbox cluster. */
export class WatchHub {
  private readonly conns = new Set<Conn>();
  private failNext = { count: 0, mode: "event" as ExpiredMode };
  private blackholed = false;

  constructor(
    private readonly store: ClusterStore,
    private readonly opts: { expiredMode: ExpiredMode; watchTimeoutSeconds: number; bookmarkIntervalMs: number },
  ) {}

  /** Number of open watch streams. */
  get size(): number {
    return this.conns.size;
  }

  /** Answer the next `count` watch requests with 410 Expired in `mode`. */
  failNextWatches(count: number, mode: ExpiredMode): void {
    this.failNext = { count, mode };
  }

  /** Silences open and new streams while on; silenced streams stay silent until they close. */
  blackhole(on: boolean): void {
    this.blackholed = on;
    if (on) for (const c of this.conns) c.zombie = true;
  }

  /** Closes every stream: "destroy" resets the sockets, "end" finishes the responses cleanly. */
  drop(mode: "destroy" | "end" = "destroy"): number {
    const n = this.conns.size;
    for (const c of [...this.conns]) {
      c.cleanup();
      if (mode === "destroy") c.res.socket?.destroy();
      else c.res.end();
    }
    return n;
  }

  /** Serves one watch request; throws KubeApiError for errors answered before streaming. */
  handle(req: IncomingMessage, res: ServerResponse, d: ResourceDef, p: WatchParams, r: Rendering): void {
    const byName = p.name ? `metadata.name=${p.name}` : "";
    const match = compileSelectors(d, p.labelSelector, [p.fieldSelector, byName].filter(Boolean).join(","));
    const scoped = (o: KubeObject) => (!p.namespace || o.metadata.namespace === p.namespace) && match(o);

    const rvParam = p.resourceVersion ?? "";
    if (this.failNext.count > 0) {
      this.failNext.count--;
      const requested = /^\d+$/.test(rvParam) ? Number(rvParam) : 0;
      return this.expired(res, apiErrors.tooOldResourceVersion(requested, this.store.compactedRv).status, this.failNext.mode);
    }
    let initial: KubeObject[] = [];
    let replay: StoreEvent[] = [];
    if (rvParam === "" || rvParam === "0" || p.sendInitialEvents) {
      initial = this.store.itemsOf(d).filter(scoped);
    } else {
      if (!/^\d+$/.test(rvParam)) {
        // The watch path reports it unclassified: a 500 with no reason.
        const why = `resourceVersion: Invalid value: ${JSON.stringify(rvParam)}: strconv.ParseUint: parsing ${JSON.stringify(rvParam)}: invalid syntax`;
        throw new KubeApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: why, code: 500 });
      }
      const events = this.store.eventsAfter(Number(rvParam));
      if (!events) return this.expired(res, apiErrors.tooOldResourceVersion(Number(rvParam), this.store.compactedRv).status, this.opts.expiredMode);
      replay = events;
    }

    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    let first = true;
    let lastSentRv = /^\d+$/.test(rvParam) && rvParam !== "0" ? Number(rvParam) : this.store.resourceVersion;
    const send = (type: WatchEventType, object: Json) => {
      if (conn.zombie || res.writableEnded || res.destroyed) return;
      const rv = Number(object.metadata?.resourceVersion);
      if (type !== "ERROR" && rv > lastSentRv) lastSentRv = rv;
      res.write(JSON.stringify({ type, object: this.render(d, type, object, r, first) }) + "\n");
      if (type !== "BOOKMARK" && type !== "ERROR") first = false;
    };
    const deliver = (ev: StoreEvent) => {
      const out = project(ev, d, scoped);
      if (out) send(out.type, present(d, out.object));
    };

    const timers: NodeJS.Timeout[] = [];
    const conn: Conn = {
      res, zombie: this.blackholed,
      cleanup: () => {
        unsubscribe();
        timers.forEach((t) => clearTimeout(t));
        this.conns.delete(conn);
      },
    };
    this.conns.add(conn);
    const unsubscribe = this.store.subscribe(deliver);
    for (const o of initial) send("ADDED", present(d, o));
    if (p.sendInitialEvents) {
      send("BOOKMARK", this.bookmark(d, { "k8s.io/initial-events-end": "true" }));
    }
    for (const ev of replay) deliver(ev);

    // Like kube-apiserver, a missing or zero timeoutSeconds means the server's default.
    const timeout = p.timeoutSeconds && p.timeoutSeconds > 0 ? p.timeoutSeconds : this.opts.watchTimeoutSeconds;
    timers.push(setTimeout(() => {
      // A silenced stream models a dead connection: it does not end on its own.
      if (conn.zombie) return;
      conn.cleanup();
      res.end();
    }, timeout * 1000));
    if (p.allowWatchBookmarks && this.opts.bookmarkIntervalMs > 0) {
      timers.push(setInterval(() => send("BOOKMARK", this.bookmark(d)), this.opts.bookmarkIntervalMs));
    }
    if (p.allowWatchBookmarks && timeout > 2) {
      // Like the cacher: one bookmark 2 s before the deadline, if the RV moved past the last event sent.
      timers.push(setTimeout(() => {
        if (this.store.resourceVersion > lastSentRv) send("BOOKMARK", this.bookmark(d));
      }, (timeout - 2) * 1000));
    }
    req.on("close", () => conn.cleanup());
    res.on("close", () => conn.cleanup());
    // A reset client must not surface as an unhandled 'error' event.
    res.on("error", () => conn.cleanup());
  }

  /** The cacher's bookmark: the kind's empty object (spec: {} and the like) carrying only the RV. */
  private bookmark(d: ResourceDef, annotations?: Record<string, string>): Json {
    const metadata: Json = { resourceVersion: String(this.store.resourceVersion) };
    if (annotations) metadata.annotations = annotations;
    const { apiVersion: _a, kind: _k, metadata: _m, ...skeleton } = emptyObject(d);
    return { kind: d.kind, apiVersion: groupVersion(d.group, d.version), metadata, ...skeleton };
  }

  private render(d: ResourceDef, type: WatchEventType, object: Json, r: Rendering, first: boolean): Json {
    if (type === "ERROR" || type === "BOOKMARK" || r.as === "object") return object;
    if (r.as === "PartialObjectMetadata") return partialMetadata(object as KubeObject, r.version);
    // kubectl reuses the first event's column definitions; later Tables carry none.
    return toTable(d, [object as KubeObject], { resourceVersion: object.metadata?.resourceVersion }, r, first);
  }

  private expired(res: ServerResponse, status: Status, mode: ExpiredMode): void {
    if (mode === "status") {
      res.writeHead(410, { "Content-Type": "application/json" });
      res.end(JSON.stringify(status) + "\n");
      return;
    }
    // The watch cache's way: 200, one ERROR event, end of stream.
    res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
    res.end(JSON.stringify({ type: "ERROR", object: status }) + "\n");
  }
}

/** What a store event looks like to one watcher, given its resource and selectors. */
function project(ev: StoreEvent, d: ResourceDef, matches: (o: KubeObject) => boolean): { type: WatchEventType; object: KubeObject } | undefined {
  if (ev.storageKey !== d.storageKey) return undefined;
  if (ev.type === "ADDED") return matches(ev.object) ? { type: "ADDED", object: ev.object } : undefined;
  if (ev.type === "DELETED") return matches(ev.object) ? { type: "DELETED", object: ev.object } : undefined;
  const now = matches(ev.object);
  const before = ev.old ? matches(ev.old) : false;
  if (now && before) return { type: "MODIFIED", object: ev.object };
  if (now) return { type: "ADDED", object: ev.object };
  if (before) {
    // Stopped matching: DELETED with the previous state at the new resourceVersion (cacher).
    const gone = { ...ev.old!, metadata: { ...ev.old!.metadata, resourceVersion: String(ev.rv) } };
    return { type: "DELETED", object: gone };
  }
  return undefined;
}
