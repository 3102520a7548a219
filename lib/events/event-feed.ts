// One poller per web server turns the change log into a live feed: it reads new events
// every `intervalMs` while anyone listens and hands each to the subscribers; a notification
// that change events committed (lib/events/change-notifier.ts) makes it read at once. Each web
// server reads the shared database, so a client on any replica sees every event.
import pg from "pg";
import type { TWebhookEvent } from "../api/schemas/webhook";
import { eventsBetween } from "./find-events";
import { newestEventId } from "./newest-event-id";
import { logger } from "../log";
import { loadConfig } from "../env";

type Queryable = Pick<pg.Pool, "query">;
type Listener = (e: TWebhookEvent) => void;
/** Starts waking the feed on committed changes; returns what stops it. */
export type Wakeups = (wake: () => void) => () => void;

/** The live tail of change_events. */
export class EventFeed {
  private readonly listeners = new Set<Listener>();
  private last: string | null = null;
  private timer?: NodeJS.Timeout;
  private polling = false;
  /** the poll under way, if any */
  private running?: Promise<void>;
  /** a wake-up arrived during a poll: read once more when it ends */
  private again = false;
  private stopWakeups?: () => void;
  private lastOkAt = 0;

  constructor(
    private readonly db: Queryable,
    private readonly intervalMs = 200,
    private readonly wakeups?: Wakeups,
  ) {}

  /**
   * Delivers every event after `after` (catching up from the database), then live events.
   * Returns the unsubscribe function.
   */
  async subscribe(after: string, listener: Listener): Promise<() => void> {
    // Buffer live events while catching up, then drop the ones the catch-up already sent.
    const buffered: TWebhookEvent[] = [];
    let live = false;
    let sentUpTo = BigInt(after);
    const wrapped: Listener = (e) => {
      if (!live) buffered.push(e);
      else if (BigInt(e.id) > sentUpTo) {
        sentUpTo = BigInt(e.id);
        listener(e);
      }
    };
    this.listeners.add(wrapped);
    this.ensurePolling();
    try {
      if (this.last === null) await this.poll();
      const upTo = this.last;
      let cursor = after;
      for (;;) {
        const batch = await eventsBetween(this.db, cursor, upTo, 500);
        for (const e of batch) {
          listener(e);
          sentUpTo = BigInt(e.id);
        }
        if (batch.length < 500) break;
        cursor = batch[batch.length - 1].id;
      }
      live = true;
      for (const e of buffered) wrapped(e);
    } catch (err) {
      this.listeners.delete(wrapped);
      throw err;
    }
    return () => {
      this.listeners.delete(wrapped);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /**
   * Resolves on the next event that passes `accept`, or with null after `timeoutMs` or once
   * `signal` aborts (the caller went away: nothing keeps waiting for it).
   */
  async next(accept: (e: TWebhookEvent) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<TWebhookEvent | null> {
    if (signal?.aborted) return null;
    return new Promise((resolve) => {
      const listener: Listener = (e) => {
        if (!accept(e)) return;
        done(e);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      const aborted = () => done(null);
      const done = (e: TWebhookEvent | null) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", aborted);
        this.listeners.delete(listener);
        resolve(e);
      };
      signal?.addEventListener("abort", aborted, { once: true });
      this.listeners.add(listener);
      this.ensurePolling();
      if (this.last === null) void this.poll();
    });
  }

  /**
   * Adds a listener for live events only (no catch-up) that keeps the feed polling until removed:
   * in-memory read caches invalidate themselves with it (lib/resolve/resolve-cache.ts).
   */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    this.ensurePolling();
    if (this.last === null) void this.poll();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /**
   * True when the feed has a position in the change log and its last poll succeeded within
   * `maxAgeMs`: every event committed before that poll has been handed to the listeners.
   */
  current(maxAgeMs: number): boolean {
    return this.last !== null && Date.now() - this.lastOkAt <= maxAgeMs;
  }

  private ensurePolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref?.();
    this.stopWakeups = this.wakeups?.(() => void this.poll());
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopWakeups?.();
    this.stopWakeups = undefined;
    this.last = null;
  }

  /**
   * Resolves once a poll that began after this call has ended (at once when nothing listens):
   * every event committed before the call has then been handed to the listeners, or the poll
   * failed and `current` says the feed is behind. A reader that saw a commit (its catalog
   * version moved) calls this before trusting what the listeners keep.
   */
  async catchUp(): Promise<void> {
    if (!this.timer) return;
    // a poll under way may have read before the commit: the one after it did not
    if (this.running) await this.running;
    if (this.running) await this.running;
    else await this.poll();
  }

  private poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return this.running!;
    }
    const run = this.pollOnce();
    this.running = run;
    void run.then(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }

  private async pollOnce(): Promise<void> {
    this.polling = true;
    this.again = false;
    try {
      if (this.last === null) {
        this.last = await newestEventId(this.db);
        this.lastOkAt = Date.now();
        return;
      }
      for (;;) {
        const batch = await eventsBetween(this.db, this.last, null, 500);
        for (const e of batch) {
          this.last = e.id;
          for (const l of [...this.listeners]) {
            try {
              l(e);
            } catch (err) {
              logger.warn("event listener failed", { error: (err as Error).message });
            }
          }
        }
        if (batch.length < 500) break;
      }
      this.lastOkAt = Date.now();
    } catch (err) {
      logger.debug("event feed poll failed", { error: (err as Error).message });
    } finally {
      this.polling = false;
    }
    if (this.again && this.timer) void this.poll();
  }
}

const g = globalThis as unknown as { __signpostFeed?: EventFeed };

/** Wake-ups from LISTEN on a connection of its own, configured as `pool`'s connections are. */
export function notificationsOf(pool: pg.Pool): Wakeups {
  return (wake) => {
    // Loaded when the first listener subscribes: most processes never open the feed.
    const notifier = import("./change-notifier").then((m) => m.listenForChanges((pool as unknown as { options: pg.ClientConfig }).options, wake));
    return () => void notifier.then((n) => n.stop());
  };
}

/** The process-wide feed on `db`; woken by notifications when `db` is a pg pool and SIGNPOST_DB_NOTIFICATIONS allows. */
export function eventFeed(db: Queryable): EventFeed {
  if (!g.__signpostFeed) g.__signpostFeed = new EventFeed(db, 200, db instanceof pg.Pool && loadConfig().SIGNPOST_DB_NOTIFICATIONS ? notificationsOf(db) : undefined);
  return g.__signpostFeed;
}
