// One watch request of the Kubernetes API as a stream of events: opens it, reads one JSON event
// per line, ends it when the server ends it, on a silent stretch past `idleTimeoutMs` (a watchdog),
// on a 410, on an error, or when closed. The list/watch loop (list-watch.ts) decides what follows.
import readline from "node:readline";
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeError } from "./kube-error";
import { kubeOpen } from "./kube-request";

export type RawObject = { metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string }; [k: string]: unknown };

/** How a watch ended, when it was not an error. */
export type WatchEnd = "ended" | "expired" | "idle" | "resync" | "stopped";

/** One line of a watch stream. */
export type WatchEvent = { type?: string; object?: RawObject & { code?: number; message?: string } };

export type WatchStreamOptions = {
  kc: KubeConfig;
  cluster: string;
  /** collection path, e.g. /api/v1/services */
  path: string;
  resourceVersion: string;
  timeoutSeconds: number;
  idleTimeoutMs: number;
  headersTimeoutMs: number;
};

export type WatchStreamHandlers = {
  /** The server answered 200: events follow. */
  accepted(): void;
  /** One event; a returned end or error ends the watch. */
  event(ev: WatchEvent): WatchEnd | Error | void;
};

/** Opens a watch; `ended` settles once (resolves with how it ended, rejects with a KubeError). */
export function openWatchStream(o: WatchStreamOptions, on: WatchStreamHandlers): { ended: Promise<WatchEnd>; close(reason: WatchEnd): void } {
  const q = new URLSearchParams({
    watch: "true",
    resourceVersion: o.resourceVersion,
    allowWatchBookmarks: "true",
    timeoutSeconds: String(o.timeoutSeconds),
  });
  const where = `cluster "${o.cluster}": watch ${o.path}`;
  const ac = new AbortController();
  let finish: (end: WatchEnd | Error) => void = () => {};
  const ended = new Promise<WatchEnd>((resolve, reject) => {
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    finish = (end) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      ac.abort();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish("idle"), o.idleTimeoutMs);
    };
    touch();
    kubeOpen(o.kc, o.cluster, `${o.path}?${q}`, { headersTimeoutMs: o.headersTimeoutMs, signal: ac.signal }).then(
      (res) => {
        if (settled) {
          res.request.destroy();
          return;
        }
        if (res.status === 410) {
          res.body.resume();
          return finish("expired");
        }
        if (res.status !== 200) {
          let text = "";
          res.body.on("data", (c: Buffer) => (text += c.toString()));
          res.body.on("end", () => finish(new KubeError(`${where}: HTTP ${res.status} ${statusMessage(text)}`, o.cluster, res.status)));
          res.body.on("error", () => finish(new KubeError(`${where}: HTTP ${res.status}`, o.cluster, res.status)));
          return;
        }
        on.accepted();
        const lines = readline.createInterface({ input: res.body, crlfDelay: Infinity });
        // readline re-emits input errors on itself: without a listener an aborted watch would crash the process.
        lines.on("error", (err) => finish(new KubeError(`${where}: connection lost (${err.message})`, o.cluster)));
        lines.on("line", (line) => {
          touch();
          if (!line.trim()) return;
          let ev: WatchEvent;
          try {
            ev = JSON.parse(line);
          } catch {
            return finish(new KubeError(`${where}: malformed event line`, o.cluster, 200));
          }
          const end = on.event(ev);
          if (end) finish(end);
        });
        res.body.on("end", () => finish("ended"));
        res.body.on("aborted", () => finish(new KubeError(`${where}: connection dropped`, o.cluster)));
        res.body.on("error", (err) => finish(new KubeError(`${where}: connection lost (${(err as Error).message})`, o.cluster)));
        res.body.on("close", () => finish(new KubeError(`${where}: connection closed`, o.cluster)));
      },
      (err) => finish(err as Error),
    );
  });
  return { ended, close: (reason) => finish(reason) };
}

function statusMessage(text: string): string {
  try {
    const s = JSON.parse(text) as { message?: string };
    return s.message ?? "";
  } catch {
    return text.slice(0, 200);
  }
}
