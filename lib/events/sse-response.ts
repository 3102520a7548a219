// Streams change events as server-sent events: `id:` is the event id (EventSource resumes with
// Last-Event-ID), `event:` the type, `data:` the JSON body. A comment line every 15 s keeps
// proxies from closing an idle stream.
import type { TWebhookEvent } from "../api/schemas/webhook";
import { eventFeed } from "./event-feed";
import { matchesEvent, type EventFilter } from "./event-filter";
import type { Db } from "../db/client";

/** A streaming Response of events after `after` that pass `filter`, until the client leaves. */
export function sseResponse(db: Db, after: string, filter: EventFilter, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let unsubscribe: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe?.();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", close, { once: true });
      // The id line gives a client its resume point even if no event arrives before a disconnect.
      send(`retry: 2000\nid: ${after}\n: signpost events after ${after}\n\n`);
      heartbeat = setInterval(() => send(`: keep-alive\n\n`), 15_000);
      try {
        unsubscribe = await eventFeed(db.pool).subscribe(after, (e: TWebhookEvent) => {
          if (matchesEvent(e, filter)) send(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        });
        if (signal.aborted) close();
      } catch (err) {
        send(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`);
        close();
      }
    },
    cancel() {
      clearInterval(heartbeat);
      unsubscribe?.();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
