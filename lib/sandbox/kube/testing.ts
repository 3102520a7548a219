// Helpers for tests that drive a sandbox cluster: await a condition instead of sleeping, and
// read a raw watch stream line by line; start clusters that stop together.
import { startSandboxCluster, type SandboxCluster } from "./index";

/** Resolves once `predicate` returns a truthy value (polled every few ms); rejects after `timeoutMs`. */
export async function waitFor<T>(predicate: () => T | Promise<T>, opts: { timeoutMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  for (;;) {
    const v = await predicate();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? "condition"}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One decoded watch event. */
export type RawWatchEvent = { type: string; object: Record<string, unknown> & { metadata?: Record<string, unknown> } };

/** An open watch read with fetch: events as they arrive, whether the stream ended, and close(). */
export type WatchStream = {
  status: number;
  contentType: string | null;
  events: RawWatchEvent[];
  /** Raw lines, to check framing (one JSON document per line). */
  lines: string[];
  ended(): boolean;
  /** Set when the connection failed instead of ending cleanly. */
  error(): unknown;
  close(): void;
};

/** Opens `url` and collects newline-delimited JSON events until it ends or close() is called. */
export async function openWatchStream(url: string, headers: Record<string, string> = {}): Promise<WatchStream> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const events: RawWatchEvent[] = [];
  const lines: string[] = [];
  let ended = false;
  let failure: unknown;
  void (async () => {
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          lines.push(line);
          if (line.trim()) events.push(JSON.parse(line) as RawWatchEvent);
        }
      }
    } catch (err) {
      if (!ctrl.signal.aborted) failure = err;
    } finally {
      ended = true;
    }
  })();
  return {
    status: res.status, contentType: res.headers.get("content-type"), events, lines,
    ended: () => ended, error: () => failure, close: () => ctrl.abort(),
  };
}

/** GET (or `init`) of `url`, with the status, the content type and the body parsed as JSON. */
export async function callJson(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type"), body: JSON.parse(text) };
}

/** Sandbox clusters a test file starts, stopped together at its end (stopAll in afterAll). */
export function clusterSet() {
  const started: { stop(): Promise<void> }[] = [];
  return {
    async start(opts?: Parameters<typeof startSandboxCluster>[0]): Promise<SandboxCluster> {
      const x = await startSandboxCluster(opts);
      started.push(x);
      return x;
    },
    stopAll: () => Promise.all(started.splice(0).map((x) => x.stop())),
  };
}
