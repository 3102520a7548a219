// The client's types, derived from the handlers' zod schemas (z.input for what is sent, z.infer
// for what comes back), so they change when the API does.
import type { z } from "zod";
import type { OPERATION_SCHEMAS } from "./operation-schemas";
import type { OperationId } from "./operation-routes";
import type { TWebhookEvent } from "../api/schemas/webhook";

type Schemas = typeof OPERATION_SCHEMAS;

/** What an operation takes: path params and body when it has them, an optional query. */
export type OperationInput<Id extends OperationId> = (Schemas[Id] extends { params: infer P extends z.ZodType } ? { params: z.input<P> } : { params?: undefined }) &
  (Schemas[Id] extends { query: infer Q extends z.ZodType } ? { query?: z.input<Q> } : { query?: undefined }) &
  (Schemas[Id] extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined });

/** What an operation answers (undefined for 204 answers). */
export type OperationOutput<Id extends OperationId> = Schemas[Id]["response"] extends infer R extends z.ZodType ? z.infer<R> : undefined;

/** Per-request settings. */
export type RequestOptions = {
  signal?: AbortSignal;
  /** extra headers, e.g. X-Signpost-Origin */
  headers?: Record<string, string>;
  /** send If-None-Match (use `client.raw`: a 304 answer has no data) */
  ifNoneMatch?: string;
  timeoutMs?: number;
};

/** An answer with its status and headers; `data` is null for 204 and 304. */
export type RawResult<T> = { status: number; headers: Headers; etag: string | null; data: T | null };

type NeedsInput<Id extends OperationId> = Schemas[Id] extends { params: unknown } | { body: unknown } ? true : false;

/** The method of one operation: resolves to the answer's data, throws SignpostError otherwise. */
export type OperationMethod<Id extends OperationId> =
  NeedsInput<Id> extends true
    ? (input: OperationInput<Id>, options?: RequestOptions) => Promise<OperationOutput<Id>>
    : (input?: OperationInput<Id>, options?: RequestOptions) => Promise<OperationOutput<Id>>;

/** The same, resolving to status, headers and data (for conditional requests). */
export type RawMethod<Id extends OperationId> =
  NeedsInput<Id> extends true
    ? (input: OperationInput<Id>, options?: RequestOptions) => Promise<RawResult<OperationOutput<Id>>>
    : (input?: OperationInput<Id>, options?: RequestOptions) => Promise<RawResult<OperationOutput<Id>>>;

/** A change event read from the server-sent event stream. */
export type StreamedEvent = { id: string; type: string; event: TWebhookEvent };

/** Options of the change-event stream. */
export type StreamOptions = {
  /** resume after this event id (sent as Last-Event-ID); without it the stream starts now */
  lastEventId?: string | null;
  query?: OperationInput<"listEvents">["query"];
  signal?: AbortSignal;
  /** called once the server accepted the stream (before any event) */
  onOpen?: () => void;
  /** the stream is treated as dead after this long without a byte (the server sends a comment every 15 s) */
  idleTimeoutMs?: number;
};

/** The typed client: one method per operationId, `raw` variants, and the event stream. */
export type SignpostClient = { [Id in OperationId]: OperationMethod<Id> } & {
  readonly baseUrl: string;
  readonly raw: { [Id in OperationId]: RawMethod<Id> };
  /** Change events as they happen (GET /api/v1/events, Accept: text/event-stream). */
  streamEvents(options?: StreamOptions): AsyncGenerator<StreamedEvent>;
};

/** Settings of createSignpostClient. */
export type ClientOptions = {
  /** e.g. http://localhost:3000 */
  baseUrl: string;
  /** a bearer token (SIGNPOST_ADMIN_TOKEN or an API token) */
  token?: string;
  /** a fetch implementation (default: the global fetch) */
  fetch?: typeof fetch;
  /** per-request timeout in ms (default 10 000); 0 for none */
  timeoutMs?: number;
  /** headers sent with every request */
  headers?: Record<string, string>;
  /**
   * Requests refused for the caller's request budget (429, reason read_limit / write_limit: the
   * server did nothing) are sent again after Retry-After, up to this many times (default 2; 0 for
   * never). Other 429s (failed credentials) are never retried.
   */
  rateLimitRetries?: number;
  /** a Retry-After longer than this (ms, default 60 000) is not waited for: the 429 is thrown */
  maxRetryWaitMs?: number;
  /** told before each such wait, e.g. to print "rate limited, retrying in 12 s" */
  onRateLimited?: (info: { url: string; retryAfterSeconds: number; attempt: number }) => void;
};
