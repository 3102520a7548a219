// Test controls of a sandbox cluster, programmatic and over HTTP under /_sandbox/ (for tests
// that drive the sandbox from another process). Each one reproduces a failure a real cluster
// or network produces; see the table in README.md.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseBody, readBody, sendJson } from "./http-util";
import { apiErrors } from "./status-errors";
import type { ClusterStore } from "./store";
import type { ExpiredMode, WatchHub } from "./watch";
import type { DenyRule } from "./authorize";

/** One request the sandbox served (control requests are not logged). */
export type RequestLogEntry = { method: string; path: string; time: number };

/** Failure injection and inspection for tests. */
export type SandboxControl = {
  /** Closes every open watch: "destroy" (default) resets the sockets, "end" ends them cleanly. Returns how many. */
  dropWatches(mode?: "destroy" | "end"): number;
  /** Forgets the event log: a watch from any older resourceVersion now gets 410 Expired. */
  expireHistory(): void;
  /** Answers the next `count` watch requests with 410 Expired, as an ERROR event ("event") or HTTP 410 ("status"). */
  failNextWatches(count: number, mode?: ExpiredMode): void;
  /** While on, open and new watches stay connected but receive nothing (not even their timeout's clean end). */
  blackhole(on: boolean): void;
  /** The requests served so far (oldest first); `reset` clears the log after reading. */
  requestLog(opts?: { reset?: boolean }): RequestLogEntry[];
  /**
   * "API server down for a while": pauses the cluster now (stops listening, drops every
   * connection, as pause()) and resumes it after `seconds`. Over HTTP this is the only way back,
   * since the control endpoint itself is down meanwhile.
   */
  outage(seconds: number): Promise<void>;
  /** From now on, requests matching a rule are refused with RBAC's 403 (replaces earlier rules; [] allows all again). */
  deny(rules: DenyRule[]): void;
  /** The deny rules in force. */
  denyRules(): DenyRule[];
};

/** The server's lifecycle, as the outage control needs it. */
export type OutageHooks = { outage(seconds: number): Promise<void> };

const LOG_LIMIT = 10_000;

/** Builds the control object and the request log it reads. */
export function createControl(store: ClusterStore, hub: WatchHub, hooks: OutageHooks): { control: SandboxControl; record(e: RequestLogEntry): void } {
  let log: RequestLogEntry[] = [];
  let denied: DenyRule[] = [];
  const control: SandboxControl = {
    dropWatches: (mode = "destroy") => hub.drop(mode),
    expireHistory: () => store.expireHistory(),
    failNextWatches: (count, mode = "event") => hub.failNextWatches(count, mode),
    blackhole: (on) => hub.blackhole(on),
    requestLog: (opts = {}) => {
      const out = [...log];
      if (opts.reset) log = [];
      return out;
    },
    outage: (seconds) => hooks.outage(seconds),
    deny: (rules) => {
      denied = [...rules];
    },
    denyRules: () => denied,
  };
  const record = (e: RequestLogEntry) => {
    log.push(e);
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
  };
  return { control, record };
}

/** Longest outage the HTTP control accepts, in seconds. */
const MAX_OUTAGE_SECONDS = 3600;

/**
 * HTTP form: POST /_sandbox/drop-watches {mode}, POST /_sandbox/expire-history,
 * POST /_sandbox/fail-next-watches {count, mode}, POST /_sandbox/blackhole {on},
 * POST /_sandbox/outage {seconds}, GET /_sandbox/requests[?reset=true], POST /_sandbox/deny
 * {rules: [{verbs, resources, groups, namespaces, user}]}. Parameters may also
 * be given in the query string.
 */
export async function handleControl(control: SandboxControl, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const action = url.pathname.replace(/^\/_sandbox\/?/, "").replace(/\/$/, "");
  const body = (req.method === "POST" ? parseBody(await readBody(req), "application/json") : undefined) as Record<string, unknown> | undefined;
  const param = (name: string): unknown => body?.[name] ?? url.searchParams.get(name) ?? undefined;
  const bool = (v: unknown) => v === true || v === "true" || v === "1";
  const mode = (v: unknown, fallback: string) => String(v ?? fallback);
  const post = req.method === "POST";
  if (post && action === "drop-watches") return sendJson(res, 200, { dropped: control.dropWatches(mode(param("mode"), "destroy") as "destroy" | "end") });
  if (post && action === "expire-history") return (control.expireHistory(), sendJson(res, 200, { ok: true }));
  if (post && action === "fail-next-watches") {
    control.failNextWatches(Number(param("count") ?? 1), mode(param("mode"), "event") as ExpiredMode);
    return sendJson(res, 200, { ok: true });
  }
  if (post && action === "blackhole") return (control.blackhole(bool(param("on") ?? true)), sendJson(res, 200, { ok: true }));
  if (post && action === "outage") {
    const seconds = Number(param("seconds"));
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_OUTAGE_SECONDS) {
      const err = apiErrors.badRequest(`seconds must be a number in (0, ${MAX_OUTAGE_SECONDS}]`).status;
      return sendJson(res, err.code, err);
    }
    // Answer first: the pause destroys every socket, this request's too.
    res.once("finish", () => setTimeout(() => void control.outage(seconds), 20));
    return sendJson(res, 200, { ok: true, seconds });
  }
  if (post && action === "deny") {
    const rules = param("rules");
    if (!Array.isArray(rules) || !rules.every((r) => r && typeof r === "object")) {
      const err = apiErrors.badRequest("rules must be a list of {verbs, resources, groups, namespaces, user}").status;
      return sendJson(res, err.code, err);
    }
    control.deny(rules as DenyRule[]);
    return sendJson(res, 200, { ok: true, rules: rules.length });
  }
  if (req.method === "GET" && action === "requests") return sendJson(res, 200, { items: control.requestLog({ reset: bool(param("reset")) }) });
  const err = apiErrors.noRoute().status;
  sendJson(res, err.code, err);
}
