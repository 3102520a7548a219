// A server-sent events parser for fetch-streamed bodies (EventSource cannot send an
// Authorization header, so the client reads the stream itself). Follows the WHATWG
// event-stream rules that matter here: lines end in \n, \r\n or \r; ":" starts a comment;
// "data" lines join with \n; an event is dispatched at a blank line; the id persists.

/** One dispatched event. */
export type SseMessage = { id: string | null; event: string; data: string };

/** Incremental parser: push text as it arrives, get the complete events back. */
export class SseParser {
  /** the last `id:` seen (what to send as Last-Event-ID when reconnecting) */
  lastEventId: string | null = null;
  /** the server's `retry:` hint in ms, if any */
  retryMs: number | null = null;
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private pendingCr = false;

  /** Feeds a chunk of text; returns the events it completed. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    // A \r at the end of the previous chunk already ended a line; drop a \n that follows it.
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      // A lone \r at the very end may be half of a \r\n split across chunks.
      if (m[0] === "\r" && m.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const msg = this.line(line);
      if (msg) out.push(msg);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }

  private dispatch(): SseMessage | null {
    const msg = this.data.length ? { id: this.lastEventId, event: this.event || "message", data: this.data.join("\n") } : null;
    this.data = [];
    this.event = "";
    return msg;
  }
}
