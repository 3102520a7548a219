import { STATUS_CODES } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "../log";
import { KongError } from "./errors";
import { buildKongUrl, displayAdminUrl, type KongQuery } from "./kong-url";
import { backoffMs, IDEMPOTENT_METHODS, isRetryable } from "./retry-policy";
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, type KongTarget } from "./types";

/** HTTP methods the Admin API uses. */
export type KongMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One Admin API call. */
export type KongRequest = {
  method?: KongMethod;
  /** Path below the base URL (and workspace), e.g. "/services/billing". */
  path: string;
  query?: KongQuery;
  /** Sent as JSON. */
  body?: unknown;
  /** Aborts the call (and its retries) from outside. */
  signal?: AbortSignal;
  /** Prefix the workspace (default true); node-level endpoints such as / are not workspaced. */
  workspaceScoped?: boolean;
  /** Answer with the body's bytes, neither decoded nor parsed (`body` null, `text` empty). */
  raw?: boolean;
};

/**
 * A successful answer: 2xx (or 304), its JSON body (null when empty) and the body's text as
 * received; for a `raw` request, the body's bytes instead.
 */
export type KongResponse = { status: number; body: unknown; text: string; bytes?: Buffer };

const log = logger.child({ component: "kong" });

// The token must never reach a message, whatever Kong or the network stack echoes back.
function scrub(text: string, token?: string): string {
  return token ? text.split(token).join("[redacted]") : text;
}

function httpError(target: KongTarget, method: string, path: string, status: number, text: string): KongError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy page, an empty 415): the status text has to do.
  }
  const name = typeof body.name === "string" ? body.name : undefined;
  const message = typeof body.message === "string" ? body.message : undefined;
  const detail = message
    ? `Kong answered ${status}${name ? ` ${name}` : ""}: ${message}`
    : `Kong answered ${status} ${STATUS_CODES[status] ?? "error"}`;
  return new KongError({
    gateway: target.name, kind: "http", detail: scrub(detail, target.token), status, method, path,
    code: typeof body.code === "number" ? body.code : undefined, kongName: name,
    fields: body.fields ?? body.options,
  });
}

/** The error for an answer whose body is not JSON (a proxy's page, a cut-off body). */
export function notJsonError(target: KongTarget, method: string, path: string, status: number): KongError {
  return new KongError({
    gateway: target.name, kind: "invalid-response", method, path, status,
    detail: `unexpected response to ${method} ${path}: body is not JSON`,
  });
}

function redirectError(target: KongTarget, method: string, path: string, res: Response): KongError {
  void res.body?.cancel().catch(() => {});
  let to = "another address";
  try {
    to = new URL(res.headers.get("location") ?? "", buildKongUrl(target, path)).origin;
  } catch {
    // no or malformed Location: say only that it redirects
  }
  return new KongError({
    gateway: target.name, kind: "http", status: res.status, method, path,
    detail: scrub(`Admin API at ${displayAdminUrl(target.adminUrl)} answered ${res.status} redirecting to ${to}; Signpost does not follow redirects (they would carry the admin token): set the gateway's adminUrl to the address that answers`, target.token),
  });
}

function networkCode(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message ?? "network error";
}

async function attempt(target: KongTarget, method: KongMethod, req: KongRequest): Promise<KongResponse> {
  const url = buildKongUrl(target, req.path, req.query, req.workspaceScoped ?? true);
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort(req.signal?.reason);
  if (req.signal?.aborted) onAbort();
  req.signal?.addEventListener("abort", onAbort, { once: true });
  const headers: Record<string, string> = { accept: "application/json" };
  if (target.token) headers["kong-admin-token"] = target.token;
  if (req.body !== undefined) headers["content-type"] = "application/json";
  try {
    // Never follow a redirect: the next hop would receive the admin token.
    const res = await fetch(url, {
      method, headers, signal: controller.signal, body: req.body === undefined ? undefined : JSON.stringify(req.body), redirect: "manual",
    });
    if (res.status >= 300 && res.status < 400 && res.status !== 304) throw redirectError(target, method, req.path, res);
    if (req.raw && res.ok) return { status: res.status, body: null, text: "", bytes: Buffer.from(await res.arrayBuffer()) };
    const text = await res.text(); // still under the timeout: a body that never ends is a timeout too
    if (!res.ok && res.status !== 304) throw httpError(target, method, req.path, res.status, text);
    if (text === "") return { status: res.status, body: null, text };
    try {
      return { status: res.status, body: JSON.parse(text) as unknown, text };
    } catch {
      throw notJsonError(target, method, req.path, res.status);
    }
  } catch (e) {
    if (e instanceof KongError) throw e;
    const where = displayAdminUrl(target.adminUrl);
    if (timedOut) {
      throw new KongError({
        gateway: target.name, kind: "timeout", method, path: req.path,
        detail: scrub(`Admin API at ${where} did not answer ${method} ${req.path} within ${timeoutMs} ms`, target.token),
      });
    }
    if (req.signal?.aborted) throw req.signal.reason ?? e;
    throw new KongError({
      gateway: target.name, kind: "unreachable", method, path: req.path,
      detail: scrub(`Admin API unreachable at ${where} (${networkCode(e)})`, target.token),
    });
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * The one way Signpost calls a Kong Admin API: base URL plus workspace, token header, a timeout
 * per attempt, and retries with backoff for idempotent methods on network errors, timeouts and
 * 5xx. Throws {@link KongError} naming the gateway; resolves only for 2xx/304.
 */
export async function kongFetch(target: KongTarget, req: KongRequest): Promise<KongResponse> {
  const method = req.method ?? "GET";
  const retries = IDEMPOTENT_METHODS.has(method) ? Math.max(0, target.retries ?? DEFAULT_RETRIES) : 0;
  for (let n = 0; ; n++) {
    const started = performance.now();
    try {
      const res = await attempt(target, method, req);
      log.debug("kong request", { gateway: target.name, method, path: req.path, status: res.status, ms: Math.round(performance.now() - started) });
      return res;
    } catch (e) {
      const retry = isRetryable(e) && n < retries && !req.signal?.aborted;
      log.debug("kong request failed", { gateway: target.name, method, path: req.path, error: (e as Error).message, retry });
      if (!retry) throw e;
      await sleep(backoffMs(n), undefined, { signal: req.signal });
    }
  }
}
