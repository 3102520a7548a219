// Streams change events as server-sent events: `id:` is the event id (EventSource resumes with
// Last-Event-ID), `event:` the type, `data:` the JSON body. A comment line every 15 s keeps
// proxies from closing an idle stream. Bounded per client: the replay after a resume point is
// read page by page as the client takes it, and at most `maxReplay` events (past that the stream
// starts at the newest event with a `reset` message); live events queue up to `bufferBytes`, and
// a client that falls further behind is dropped (it resumes with Last-Event-ID). A stream whose
// credential stops being valid (a revoked token) ends with an `error` message.
import type { TWebhookEvent } from "../api/schemas/webhook";
import type { Db } from "../db/client";
import { eventFeed } from "./event-feed";
import { matchesEvent, type EventFilter } from "./event-filter";
import { eventsBetween } from "./find-events";
import { replayStart } from "./replay-start";
import { recordDrop } from "./sse-limits";

export type SseOptions = {
  /** bytes queued for one client before it is dropped as too slow */
  bufferBytes: number;
  /** events replayed after a resume point at most */
  maxReplay: number;
  /** checked every `recheckMs`; false ends the stream */
  stillAuthorized?: () => Promise<boolean>;
  recheckMs?: number;
  /** called once when the stream ends, however it ends */
  onEnd?: () => void;
};

const PAGE = 200;

/** A streaming Response of events after `after` that pass `filter`, until the client leaves. */
export function sseResponse(db: Db, after: string, filter: EventFilter, signal: AbortSignal, o: SseOptions): Response {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let ended = false;
  let unsubscribe: (() => void) | undefined;
  let wake: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];

  const finish = (close = true) => {
    if (ended) return;
    ended = true;
    timers.forEach(clearInterval);
    unsubscribe?.();
    wake?.();
    o.onEnd?.();
    if (close) {
      try {
        controller.close();
      } catch {
        // already closed or errored
      }
    }
  };
  const send = (text: string) => {
    if (ended) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      finish(false);
    }
  };
  /** A live event: dropped with the client when its queue is full. */
  const push = (text: string) => {
    send(text);
    if (!ended && (controller.desiredSize ?? 0) < 0) {
      recordDrop("slow_reader");
      // error() discards the queue at once (close() would keep it until the client read it).
      controller.error(new Error(`the client read too slowly (more than ${o.bufferBytes} bytes waiting)`));
      finish(false);
    }
  };
  const drained = () => ((controller.desiredSize ?? 0) > 0 || ended ? Promise.resolve() : new Promise<void>((r) => (wake = r)));
  const message = (e: TWebhookEvent) => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

  const run = async () => {
    // The id line gives a client its resume point even if no event arrives before a disconnect.
    send(`retry: 2000\nid: ${after}\n: signpost events after ${after}\n\n`);
    timers.push(setInterval(() => send(`: keep-alive\n\n`), 15_000));
    if (o.stillAuthorized) {
      const check = o.stillAuthorized;
      timers.push(
        setInterval(() => {
          void check().then((ok) => {
            if (ok || ended) return;
            recordDrop("token_revoked");
            send(`event: error\ndata: ${JSON.stringify({ message: "the credential of this stream was revoked or expired" })}\n\n`);
            finish();
          }, () => {});
        }, o.recheckMs ?? 5000),
      );
    }
    const start = await replayStart(db.pool, after, o.maxReplay);
    let cursor = start.after;
    if (start.skipped) {
      const reset = { message: `more than ${o.maxReplay} events followed event ${after}; the stream continues after event ${cursor}: re-read what you show`, lastEventId: cursor };
      send(`id: ${cursor}\nevent: reset\ndata: ${JSON.stringify(reset)}\n\n`);
    }
    // The replay, one page at a time as the client takes it.
    for (;;) {
      const page = await eventsBetween(db.pool, cursor, null, PAGE);
      for (const e of page) {
        cursor = e.id;
        if (matchesEvent(e, filter)) send(message(e));
      }
      if (ended || page.length < PAGE) break;
      await drained();
    }
    if (ended) return;
    unsubscribe = await eventFeed(db.pool).subscribe(cursor, (e) => {
      if (matchesEvent(e, filter)) push(message(e));
    });
    if (ended) unsubscribe();
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        signal.addEventListener("abort", () => finish(), { once: true });
        // Not awaited: the replay waits for pull(), which start() would hold back.
        void run().catch((err) => {
          send(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`);
          finish();
        });
      },
      pull() {
        wake?.();
        wake = undefined;
      },
      cancel() {
        finish(false);
      },
    },
    { highWaterMark: o.bufferBytes, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
