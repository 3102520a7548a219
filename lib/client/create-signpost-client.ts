// The typed Signpost client: one method per REST operation, built from OPERATION_ROUTES so that
// a new operation gets its method without code here. Runs in Node 20 and browsers (fetch only).
import type { ClientOptions, RequestOptions, SignpostClient, StreamOptions } from "./client-types";
import { OPERATION_ROUTES, type OperationId } from "./operation-routes";
import { sendRequest, type ClientContext } from "./send-request";
import { streamEvents } from "./stream-events";

type AnyInput = { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };

/**
 * Creates a client of the Signpost REST API at `baseUrl`.
 * Every method throws SignpostError: `kind` unreachable / timeout / unauthorized / forbidden /
 * not_found / http, with the status and the code and message of the server's error body.
 */
export function createSignpostClient(options: ClientOptions): SignpostClient {
  if (!/^https?:\/\//i.test(options.baseUrl)) throw new TypeError(`baseUrl must be an http(s) URL, not "${options.baseUrl}"`);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const ctx: ClientContext = {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    token: options.token || undefined,
    // Bound so a browser's window.fetch is not called with another `this`.
    fetch: ((input, init) => fetchImpl(input, init)) as typeof fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    headers: options.headers ?? {},
    rateLimit: { retries: Math.max(0, options.rateLimitRetries ?? 2), maxWaitMs: options.maxRetryWaitMs ?? 60_000, onWait: options.onRateLimited },
  };
  const methods: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  for (const id of Object.keys(OPERATION_ROUTES) as OperationId[]) {
    const route = OPERATION_ROUTES[id];
    raw[id] = (input?: AnyInput, o?: RequestOptions) => sendRequest(ctx, route, input ?? {}, o);
    methods[id] = async (input?: AnyInput, o?: RequestOptions) => (await sendRequest(ctx, route, input ?? {}, o)).data ?? undefined;
  }
  return {
    ...methods,
    baseUrl: ctx.baseUrl,
    raw,
    streamEvents: (o?: StreamOptions) => streamEvents(ctx, o),
  } as SignpostClient;
}
