// The change-event stream: GET /api/v1/events with Accept: text/event-stream, read through fetch
// so the bearer token can be sent. Ends when the server closes the stream; throws SignpostError
// when it cannot be opened, when the connection breaks, or when nothing (not even the 15 s
// keep-alive comment) arrived for idleTimeoutMs. Resuming is the caller's choice (Last-Event-ID).
import type { StreamedEvent, StreamOptions } from "./client-types";
import type { TWebhookEvent } from "../api/schemas/webhook";
import type { ClientContext } from "./send-request";
import { buildUrl } from "./send-request";
import { OPERATION_ROUTES } from "./operation-routes";
import { SseParser } from "./parse-sse";
import { errorFromResponse, errorFromTransport, SignpostError } from "./signpost-error";
import { requestSignal } from "./request-signal";

/** Yields change events until the stream ends, the signal aborts, or an error is thrown. */
export async function* streamEvents(ctx: ClientContext, o: StreamOptions = {}): AsyncGenerator<StreamedEvent> {
  const url = buildUrl(ctx.baseUrl, OPERATION_ROUTES.listEvents.path, {}, o.query ?? {});
  const headers: Record<string, string> = { ...ctx.headers, accept: "text/event-stream", "cache-control": "no-cache" };
  if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
  if (o.lastEventId) headers["last-event-id"] = o.lastEventId;

  // The timeout covers opening the stream; after that the idle timer watches it.
  const opening = requestSignal(o.signal, ctx.timeoutMs);
  let res: Response;
  try {
    res = await ctx.fetch(url, { method: "GET", headers, signal: opening.signal });
  } catch (err) {
    opening.dispose();
    throw errorFromTransport(err, url, opening.timedOut());
  }
  opening.dispose();
  if (res.status !== 200) {
    const text = await res.text().catch(() => "");
    throw errorFromResponse(res.status, url, safeJson(text));
  }
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream") || !res.body) {
    throw new SignpostError({ kind: "protocol", status: res.status, message: `${url} did not answer with an event stream`, url });
  }
  o.onOpen?.();

  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const idleMs = o.idleTimeoutMs ?? 45_000;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let idleFired = false;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      idleFired = true;
      void reader.cancel().catch(() => {});
    }, idleMs);
  };
  const onAbort = () => void reader.cancel().catch(() => {});
  o.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      arm();
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        if (o.signal?.aborted) return;
        throw errorFromTransport(err, url, false, true);
      }
      if (idleFired) throw new SignpostError({ kind: "timeout", message: `the event stream was silent for ${Math.round(idleMs / 1000)} s`, url });
      if (chunk.done) return;
      for (const msg of parser.push(decoder.decode(chunk.value, { stream: true }))) {
        if (msg.event === "error") throw new SignpostError({ kind: "http", status: 200, code: "stream_error", message: `the event stream failed: ${msg.data}`, url });
        const event = safeJson(msg.data) as TWebhookEvent | undefined;
        // Only change events; a `reset` (the backlog was too long to replay) carries no API, and
        // a reconnecting caller revalidates what it holds anyway.
        if (!event || typeof event !== "object" || !msg.id || typeof event.api !== "object" || event.api === null) continue;
        yield { id: msg.id, type: msg.event, event };
      }
    }
  } finally {
    clearTimeout(idle);
    o.signal?.removeEventListener("abort", onAbort);
    void reader.cancel().catch(() => {});
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
