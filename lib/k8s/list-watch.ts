// A list/watch loop that does not stop by itself. client-node 1.x informers stop for good after
// any non-410 error, never time out a silent watch, and resurrect after stop() when their error
// handler restarts them (reference/kubernetes-api.md section 4). This loop:
// - lists in pages, then watches from the list's resourceVersion, tracking each event's version;
// - relists on 410 (as an ERROR event or as an HTTP status), reporting the complete new list;
// - retries any other error with capped exponential backoff and jitter, and never lists a
//   resource more than once per `minListIntervalMs`;
// - restarts a watch that stays silent past `idleTimeoutMs` (a watchdog);
// - relists every `resyncIntervalMs` (periodic full reconcile);
// - stops for good on stop().
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeError } from "./kube-error";
import { backoffDelay } from "../client/backoff";
import { counter, histogram } from "../metrics/registry";

const listSeconds = histogram("signpost_kube_list_duration_seconds", "Duration of complete lists (all pages) per cluster and resource.");
const watchRestarts = counter("signpost_kube_watch_restarts_total", "Watches that ended and were restarted, per cluster, resource and reason (timeout, expired, idle, error).");
import { kubeGetJson } from "./kube-request";
import { openWatchStream, type RawObject, type WatchEnd, type WatchEvent } from "./watch-stream";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export type { RawObject } from "./watch-stream";

export type ListWatchHandlers = {
  /** One page of a list in progress (pages are handed over as they arrive, to bound memory). */
  onListPage(items: RawObject[]): void;
  /** The list completed: every object of the resource was in its pages (authoritative state). */
  onListDone(): void | Promise<void>;
  /** A list failed midway: what its pages reported stays, nothing is deleted. */
  onListAborted?(): void;
  /** One watch event. */
  onEvent(type: WatchEventType, obj: RawObject): void;
  /** Progress and errors, for the source's status. */
  onStatus?(status: ListWatchStatus): void;
};

export type ListWatchPhase = "listing" | "watching" | "backoff" | "stopped";

export type ListWatchStatus = {
  phase: ListWatchPhase;
  lastError?: string;
  lastErrorUnreachable?: boolean;
  lastEventAt?: Date;
  lastListAt?: Date;
  /** consecutive failures since the last success */
  failures: number;
  lists: number;
  watches: number;
};

export type ListWatchOptions = {
  kc: KubeConfig;
  cluster: string;
  /** collection path, e.g. /api/v1/services */
  path: string;
  pageSize?: number;
  /** server-side watch duration asked for; a random part is added so watches do not align */
  watchTimeoutSeconds?: number;
  idleTimeoutMs?: number;
  resyncIntervalMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  minListIntervalMs?: number;
  headersTimeoutMs?: number;
};


/** One resource of one cluster, listed and watched until stop(). */
export class ListWatch {
  private rv = "";
  private stopped = false;
  private resyncWanted = false;
  private current?: { close(reason: WatchEnd): void };
  private wake?: () => void;
  private loop?: Promise<void>;
  private lastListStart = 0;
  private resyncTimer?: NodeJS.Timeout;
  readonly status: ListWatchStatus = { phase: "listing", failures: 0, lists: 0, watches: 0 };
  private readonly o: Required<ListWatchOptions>;

  constructor(opts: ListWatchOptions, private readonly handlers: ListWatchHandlers) {
    this.o = {
      pageSize: 500,
      watchTimeoutSeconds: 300,
      idleTimeoutMs: 330_000,
      resyncIntervalMs: 600_000,
      initialBackoffMs: 1000,
      // capped low enough that a cluster that comes back is relisted within ~10 s
      maxBackoffMs: 8_000,
      minListIntervalMs: 1000,
      headersTimeoutMs: 15_000,
      ...opts,
    };
  }

  /** Starts the loop (once). */
  start(): void {
    if (this.loop) return;
    this.scheduleResync();
    this.loop = this.run();
  }

  /** Stops for good; resolves when the loop has ended. Never restarts afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.resyncTimer);
    this.current?.close("stopped");
    this.wake?.();
    await this.loop;
    this.setPhase("stopped");
  }

  /**
   * Requests a full relist now (the watch restarts from the new list). Asked during a list, the
   * list that follows starts after it; asked during a backoff, the wait ends (the relist still
   * respects `minListIntervalMs`).
   */
  resync(): void {
    this.resyncWanted = true;
    this.current?.close("resync");
    if (this.status.phase === "backoff") this.wake?.();
  }

  private scheduleResync(): void {
    clearTimeout(this.resyncTimer);
    if (this.stopped || !this.o.resyncIntervalMs) return;
    this.resyncTimer = setTimeout(() => {
      this.resync();
      this.scheduleResync();
    }, this.o.resyncIntervalMs);
    this.resyncTimer.unref?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.rv || this.resyncWanted) {
          await this.throttleList();
          if (this.stopped) break;
          this.resyncWanted = false;
          try {
            await this.listAll();
          } catch (err) {
            // The list is still owed: watching on from the old version would drop a requested
            // relist and hide the error (a refused list verb, say) behind an accepted watch.
            this.resyncWanted = true;
            throw err;
          }
        }
        if (this.stopped) break;
        // A resync asked for while the list ran may be about something that list missed.
        if (this.resyncWanted) continue;
        const end = await this.watchOnce();
        watchRestarts.inc({ cluster: this.o.cluster, resource: this.o.path, reason: String(end) });
        if (end === "expired") {
          this.rv = "";
          this.status.failures++;
          // 410 storms: relists stay throttled, and back off once they repeat without progress
          if (this.status.failures > 2) await this.sleep(this.backoffDelay());
        }
      } catch (err) {
        if (this.stopped) break;
        const e = err as KubeError;
        this.status.failures++;
        watchRestarts.inc({ cluster: this.o.cluster, resource: this.o.path, reason: "error" });
        this.status.lastError = e.message;
        this.status.lastErrorUnreachable = e instanceof KubeError ? e.unreachable : true;
        if (e instanceof KubeError && e.expired) this.rv = "";
        this.setPhase("backoff");
        await this.sleep(this.backoffDelay());
      }
    }
  }

  private backoffDelay(): number {
    return backoffDelay(this.status.failures - 1, { initialMs: this.o.initialBackoffMs, maxMs: this.o.maxBackoffMs, jitter: 0.2 });
  }

  private async throttleList(): Promise<void> {
    const wait = this.lastListStart + this.o.minListIntervalMs - Date.now();
    if (wait > 0) await this.sleep(wait);
    this.lastListStart = Date.now();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async listAll(): Promise<void> {
    this.setPhase("listing");
    const started = performance.now();
    let cont = "";
    let rv = "";
    try {
      do {
        const q = new URLSearchParams({ limit: String(this.o.pageSize) });
        if (cont) q.set("continue", cont);
        const page = await kubeGetJson<{ items?: RawObject[]; metadata?: { resourceVersion?: string; continue?: string } }>(
          this.o.kc,
          this.o.cluster,
          `${this.o.path}?${q}`,
        );
        if (this.stopped) return;
        this.handlers.onListPage(page.items ?? []);
        rv = page.metadata?.resourceVersion ?? rv;
        cont = page.metadata?.continue ?? "";
      } while (cont);
    } catch (err) {
      this.handlers.onListAborted?.();
      throw err;
    }
    await this.handlers.onListDone();
    listSeconds.observe({ cluster: this.o.cluster, resource: this.o.path }, (performance.now() - started) / 1000);
    this.rv = rv;
    this.status.lists++;
    this.status.lastListAt = new Date();
    this.status.lastError = undefined;
    this.status.lastErrorUnreachable = undefined;
    this.status.failures = 0;
    this.emit();
  }

  private watchOnce(): Promise<WatchEnd> {
    const stream = openWatchStream(
      {
        kc: this.o.kc,
        cluster: this.o.cluster,
        path: this.o.path,
        resourceVersion: this.rv,
        timeoutSeconds: this.o.watchTimeoutSeconds + Math.floor(Math.random() * Math.max(1, this.o.watchTimeoutSeconds * 0.1)),
        idleTimeoutMs: this.o.idleTimeoutMs,
        headersTimeoutMs: this.o.headersTimeoutMs,
      },
      {
        accepted: () => {
          this.status.watches++;
          // A watch the server accepted proves the source is reachable again.
          this.status.failures = 0;
          this.status.lastError = undefined;
          this.status.lastErrorUnreachable = undefined;
          this.setPhase("watching");
        },
        event: (ev) => this.handleEvent(ev),
      },
    );
    this.current = stream;
    return stream.ended.finally(() => {
      if (this.current === stream) this.current = undefined;
    });
  }

  /** Applies one watch event; returns how the watch ends when the event ends it. */
  private handleEvent(ev: WatchEvent): WatchEnd | KubeError | void {
    const obj = ev.object;
    if (ev.type === "ERROR") {
      if (obj?.code === 410) return "expired";
      return new KubeError(`cluster "${this.o.cluster}": watch ${this.o.path}: ${obj?.message ?? "error event"}`, this.o.cluster, obj?.code);
    }
    const rv = obj?.metadata?.resourceVersion;
    if (ev.type === "BOOKMARK") {
      if (rv) this.rv = rv;
      return;
    }
    if ((ev.type === "ADDED" || ev.type === "MODIFIED" || ev.type === "DELETED") && obj) {
      try {
        this.handlers.onEvent(ev.type, obj);
      } finally {
        if (rv) this.rv = rv;
        this.status.lastEventAt = new Date();
        if (this.status.failures) {
          this.status.failures = 0;
          this.status.lastError = undefined;
          this.status.lastErrorUnreachable = undefined;
        }
      }
    }
  }

  private setPhase(phase: ListWatchPhase): void {
    if (this.status.phase === phase) return;
    this.status.phase = phase;
    this.emit();
  }

  private emit(): void {
    this.handlers.onStatus?.({ ...this.status });
  }
}
