// Failed credentials are rate-limited per client address: past `LIMIT` failures within the window,
// a failed attempt is answered 429 with Retry-After instead of 401. Only failures are limited: a
// valid credential is checked first and always accepted, so one client's bad tokens never lock out
// the others behind the same address (an ingress, a NAT). In memory, per web server.
import { ApiError } from "../api/errors";

type Entry = { failures: number; resetAt: number };
const entries = new Map<string, Entry>();
export const AUTH_FAILURE_LIMIT = 10;
const WINDOW_MS = 60_000;

/**
 * Counts a failed attempt of `client`; returns the seconds it must wait (Retry-After) when it is
 * now past the limit, else 0 (the failure is answered 401).
 */
export function recordAuthFailure(client: string, now = Date.now()): number {
  let e = entries.get(client);
  if (!e || e.resetAt <= now) {
    e = { failures: 0, resetAt: now + WINDOW_MS };
    entries.set(client, e);
  }
  e.failures++;
  if (entries.size > 10_000) for (const [k, v] of entries) if (v.resetAt <= now) entries.delete(k);
  return e.failures > AUTH_FAILURE_LIMIT ? Math.max(1, Math.ceil((e.resetAt - now) / 1000)) : 0;
}

/** Forgets every client (tests). */
export function resetAuthRateLimit(): void {
  entries.clear();
}

/** The refusal of a failed credential: 401, or 429 with Retry-After once `client` is past the limit. */
export function refuseCredential(client: string, message: string): ApiError {
  const wait = recordAuthFailure(client);
  if (wait) {
    return new ApiError("rate_limited", `${message}; too many failed attempts from this address, retry in ${wait} s`, { reason: "failed_credentials", retryAfter: wait }, {
      "retry-after": String(wait),
    });
  }
  return new ApiError("unauthorized", message, undefined, { "www-authenticate": 'Bearer realm="signpost"' });
}
