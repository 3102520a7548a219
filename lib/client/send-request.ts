// Sends one REST operation: fills the path template, encodes the query, adds the token, applies
// the timeout, and turns every failure into a SignpostError.
import type { OperationRoute } from "./operation-routes";
import type { RawResult, RequestOptions } from "./client-types";
import { errorFromResponse, errorFromTransport, SignpostError } from "./signpost-error";
import { requestSignal } from "./request-signal";
import { sleep } from "./backoff";

/** What every request of one client shares. */
export type ClientContext = {
  baseUrl: string;
  token?: string;
  fetch: typeof fetch;
  timeoutMs: number;
  headers: Record<string, string>;
  /** retrying requests refused for the request budget (see ClientOptions.rateLimitRetries) */
  rateLimit?: { retries: number; maxWaitMs: number; onWait?: (info: { url: string; retryAfterSeconds: number; attempt: number }) => void };
};

type Input = { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };

/**
 * Sends the operation at `route`; resolves to the answer, throws SignpostError on failure. A
 * refusal for the request budget is sent again after its Retry-After (ctx.rateLimit).
 */
export async function sendRequest(ctx: ClientContext, route: OperationRoute, input: Input, options: RequestOptions = {}): Promise<RawResult<unknown>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendOnce(ctx, route, input, options);
    } catch (err) {
      const wait = budgetRetryAfter(err);
      const policy = ctx.rateLimit;
      if (wait === null || !policy || attempt >= policy.retries || wait * 1000 > policy.maxWaitMs || options.signal?.aborted) throw err;
      policy.onWait?.({ url: (err as SignpostError).url, retryAfterSeconds: wait, attempt: attempt + 1 });
      await sleep(wait * 1000, options.signal);
      if (options.signal?.aborted) throw err;
    }
  }
}

/**
 * The seconds to wait when `err` is a refusal for the request budget, which the server answers
 * before doing anything (so a write is safe to send again); null for any other failure.
 */
function budgetRetryAfter(err: unknown): number | null {
  if (!(err instanceof SignpostError) || err.status !== 429) return null;
  const details = err.details as { reason?: unknown; retryAfter?: unknown } | undefined;
  if (details?.reason !== "read_limit" && details?.reason !== "write_limit") return null;
  const seconds = Number(details.retryAfter);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

async function sendOnce(ctx: ClientContext, route: OperationRoute, input: Input, options: RequestOptions): Promise<RawResult<unknown>> {
  const url = buildUrl(ctx.baseUrl, route.path, input.params ?? {}, input.query ?? {});
  const headers: Record<string, string> = { accept: route.text ? "application/yaml, application/json" : "application/json", ...ctx.headers, ...options.headers };
  if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
  if (options.ifNoneMatch) headers["if-none-match"] = options.ifNoneMatch;
  const hasBody = input.body !== undefined;
  if (hasBody) headers["content-type"] = "application/json";
  const timing = requestSignal(options.signal, options.timeoutMs ?? ctx.timeoutMs);
  try {
    let res: Response;
    try {
      res = await ctx.fetch(url, { method: route.method.toUpperCase(), headers, body: hasBody ? JSON.stringify(input.body) : undefined, signal: timing.signal });
    } catch (err) {
      throw errorFromTransport(err, url, timing.timedOut());
    }
    const etag = res.headers.get("etag");
    let text: string;
    try {
      text = res.status === 204 || res.status === 304 ? "" : await res.text();
    } catch (err) {
      throw errorFromTransport(err, url, timing.timedOut(), true);
    }
    if (!route.ok.includes(res.status)) throw errorFromResponse(res.status, url, parseJson(text));
    if (!text) return { status: res.status, headers: res.headers, etag, data: null };
    if (route.text) return { status: res.status, headers: res.headers, etag, data: text };
    const data = parseJson(text);
    if (data === undefined) {
      throw new SignpostError({ kind: "protocol", status: res.status, message: `${url} answered ${res.status} with a body that is not JSON (is this a Signpost server?)`, url });
    }
    return { status: res.status, headers: res.headers, etag, data };
  } finally {
    timing.dispose();
  }
}

/** The absolute URL of a path template with its params and query. */
export function buildUrl(baseUrl: string, template: string, params: Record<string, unknown>, query: Record<string, unknown>): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === "") throw new TypeError(`missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(String(v));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const qs = search.toString();
  return `${baseUrl.replace(/\/+$/, "")}${path}${qs ? `?${qs}` : ""}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
