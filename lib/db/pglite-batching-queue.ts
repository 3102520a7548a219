// PGlite is one backend. pglite-socket 0.2 multiplexes client connections onto it message by
// message, so two connections' extended-protocol queries (Parse, Bind, Describe, Execute, Sync)
// interleave and clobber each other's unnamed statement and portal ("bind message supplies 3
// parameters, but prepared statement requires 2", "portal does not exist"). This queue replaces
// the server's: it keeps each connection's messages until a sync point (Sync, Query, Flush, ...)
// and runs them as one unit, and while a connection has a transaction open, only that connection
// runs (as the original queue did).
import type { PGlite } from "@electric-sql/pglite";

type Unit = { handlerId: number; messages: { bytes: Uint8Array; onData: (d: Uint8Array) => void }[]; resolve: (n: number) => void; reject: (e: unknown) => void };

// Frontend messages that only queue work; the backend answers them at the next sync point.
const DEFERRED = new Set(["P", "B", "D", "E", "C"].map((c) => c.charCodeAt(0)));

/** A drop-in for pglite-socket's QueryQueueManager that never interleaves protocol sequences. */
export class PgliteBatchingQueue {
  private readonly pending = new Map<number, Unit["messages"]>();
  private queue: Unit[] = [];
  private processing = false;
  private lastHandlerId: number | null = null;

  constructor(private readonly db: PGlite) {}

  /** Called by the socket handler for every complete frontend message. */
  enqueue(handlerId: number, message: Uint8Array, onData: (d: Uint8Array) => void): Promise<number> {
    const type = message[0];
    const held = this.pending.get(handlerId) ?? [];
    held.push({ bytes: message, onData });
    // A startup or SSL message has no type byte (it starts with its length): run it at once.
    if (DEFERRED.has(type) && message.length > 4) {
      this.pending.set(handlerId, held);
      return Promise.resolve(0);
    }
    this.pending.delete(handlerId);
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, messages: held, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.pending.delete(handlerId);
    this.queue = this.queue.filter((u) => {
      if (u.handlerId !== handlerId) return true;
      u.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.db.isInTransaction() && this.lastHandlerId === handlerId) {
      await this.db.exec("ROLLBACK");
      this.lastHandlerId = null;
      void this.process();
    }
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length) {
        let i = 0;
        if (this.db.isInTransaction() && this.lastHandlerId !== null) {
          i = this.queue.findIndex((u) => u.handlerId === this.lastHandlerId);
          if (i < 0) break; // wait for the connection that holds the transaction
        }
        const [unit] = this.queue.splice(i, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(async () => {
            for (const m of unit.messages) {
              await this.db.execProtocolRawStream(m.bytes, {
                onRawData: (d: Uint8Array) => {
                  bytes += d.length;
                  m.onData(d);
                },
              });
            }
          });
          this.lastHandlerId = unit.handlerId;
          unit.resolve(bytes);
        } catch (err) {
          unit.reject(err);
        }
      }
    } finally {
      this.processing = false;
    }
  }
}
