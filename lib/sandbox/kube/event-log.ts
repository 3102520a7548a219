// The bounded change log behind watches: the sandbox's stand-in for etcd's compaction window.
import type { StoreEvent } from "./types";

/** Events in resourceVersion order; older ones are compacted away past `limit`. */
export class EventLog {
  private events: StoreEvent[] = [];
  /** Watches from a resourceVersion below this get 410: the events after it are gone. */
  compactedRv = 0;

  constructor(private readonly limit: number) {}

  push(ev: StoreEvent): void {
    this.events.push(ev);
    while (this.events.length > this.limit) this.compactedRv = this.events.shift()!.rv;
  }

  /** Events after `rv`, or undefined when some of them were compacted away. */
  after(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }

  /** Forgets everything up to `rv` (expireHistory, or state loaded from disk). */
  compactTo(rv: number): void {
    this.events = this.events.filter((e) => e.rv > rv);
    this.compactedRv = Math.max(this.compactedRv, rv);
  }
}
