// The one error the client throws. HTTP failures carry the server's error body ({"error":
// {code, message, details}}); transport failures say whether the server could not be reached or
// did not answer in time, so callers (the CLI, the resolver's cache fallback) can tell them apart.

/** What went wrong, coarse enough to branch on. */
export type SignpostErrorKind =
  /** no connection: refused, DNS failure, reset before an answer */
  | "unreachable"
  /** connected (or trying to) but no answer within timeoutMs */
  | "timeout"
  /** 401: no token, or the token is invalid, expired or revoked */
  | "unauthorized"
  /** 403: the token's role does not allow this */
  | "forbidden"
  /** 404 */
  | "not_found"
  /** any other HTTP error status */
  | "http"
  /** an answer that is not what the API promises (not JSON, wrong content type) */
  | "protocol"
  /** the caller aborted the request */
  | "aborted";

/** An error from the Signpost API or from reaching it. */
export class SignpostError extends Error {
  readonly kind: SignpostErrorKind;
  /** HTTP status, or 0 when there was no HTTP answer */
  readonly status: number;
  /** the error code of the body (`validation_failed`, `not_found`, ...), or the kind */
  readonly code: string;
  readonly details?: unknown;
  /** the URL that was requested */
  readonly url: string;

  constructor(init: { kind: SignpostErrorKind; status?: number; code?: string; message: string; details?: unknown; url: string; cause?: unknown }) {
    super(init.message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = "SignpostError";
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.code = init.code ?? init.kind;
    this.details = init.details;
    this.url = init.url;
  }

  /** True when the server could not be asked at all (the cases a cache may answer). */
  get isUnavailable(): boolean {
    return this.kind === "unreachable" || this.kind === "timeout" || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** The error for an HTTP answer with an error status, from its body when it is the error body. */
export function errorFromResponse(status: number, url: string, body: unknown): SignpostError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof err?.code === "string" ? err.code : `http_${status}`;
  const message = typeof err?.message === "string" ? err.message : `HTTP ${status}`;
  const kind = status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 404 ? "not_found" : "http";
  return new SignpostError({ kind, status, code, message, details: err?.details, url });
}

/** The error for a fetch that produced no answer, or whose answer broke off (`reading`). */
export function errorFromTransport(err: unknown, url: string, timedOut: boolean, reading = false): SignpostError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (timedOut || e?.name === "TimeoutError") {
    return new SignpostError({ kind: "timeout", message: `no answer from ${origin(url)} in time`, url, cause: err });
  }
  if (e?.name === "AbortError") return new SignpostError({ kind: "aborted", message: "the request was aborted", url, cause: err });
  // Node's fetch says "fetch failed" and keeps the reason in cause: a system error code
  // (ECONNREFUSED, ENOTFOUND) says most; undici's own codes are clearer as their message.
  const code = e?.cause?.code;
  const reason = code && /^E[A-Z]+$/.test(code) ? code : (e?.cause?.message ?? code ?? e?.message ?? String(err));
  const message = reading ? `the connection to ${origin(url)} broke (${reason})` : `cannot reach ${origin(url)} (${reason})`;
  return new SignpostError({ kind: "unreachable", message, url, cause: err });
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
