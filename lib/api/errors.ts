// One error body for the whole REST API and one table from error codes to HTTP status.

export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** answered by bin/client-errors.mjs, before any route: the request line and headers past Node's limit */
  header_too_large: 431,
  /** answered by bin/client-errors.mjs: the request did not arrive in time */
  request_timeout: 408,
  rate_limited: 429,
  upstream_error: 502,
  upstream_unavailable: 503,
  database_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The error body: {"error": {"code", "message", "details"?}}. */
export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

/** An error a route handler throws on purpose; becomes the error body with its status. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details !== undefined ? { details: this.details } : {}) } };
  }
}

/** True for errors that mean the database cannot be reached right now (answer 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown; name?: string };
  const code = e?.code ?? "";
  const msg = String(e?.message ?? "");
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "P1001", "P1002", "P1017", "P2024"].includes(code)) return true;
  // 08: connection exceptions; 57P01-03: shutdown and restart; 3D000: the database was dropped
  // or renamed; 28000/28P01: the credentials no longer work. None is the request's fault.
  if (/^(08|57P0[1-3]|3D000|28000|28P01)/.test(code)) return true;
  if (/connection terminated|timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|the database system is (starting up|shutting down)|terminating connection|Can't reach database|DatabaseNotReachable|connect ECONNREFUSED/i.test(msg)) return true;
  return e?.cause ? isDatabaseUnavailable(e.cause) : false;
}

/** `err` as an ApiError: itself, 503 when the database is unavailable, else a 500 that names no detail. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isDatabaseUnavailable(err)) {
    return new ApiError("database_unavailable", "the database is unavailable; retry shortly", undefined, { "retry-after": "2" });
  }
  return new ApiError("internal", "internal error; the server log has the details under this request id");
}
