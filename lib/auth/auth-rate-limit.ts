// Failed credentials are rate-limited per client address: past `AUTH_FAILURE_LIMIT` failures
// within a minute, a failed attempt is answered 429 with Retry-After instead of 401. Only failures
// are limited: a valid credential is checked first and always accepted, so one client's bad tokens
// never lock out the others behind the same address (an ingress, a NAT). The windows are those of
// lib/api/rate-limiter.ts (in memory, per web server).
import { ApiError } from "../api/errors";
import { rateLimiter, resetRateLimits } from "../api/rate-limiter";

export const AUTH_FAILURE_LIMIT = 10;
const failures = rateLimiter("failed_credentials");

/**
 * Counts a failed attempt of `client`; returns the seconds it must wait (Retry-After) when it is
 * now past the limit, else 0 (the failure is answered 401).
 */
export function recordAuthFailure(client: string, now = Date.now()): number {
  return failures.take(client, AUTH_FAILURE_LIMIT, { now });
}

/** Forgets every client of every limiter (tests). */
export function resetAuthRateLimit(): void {
  resetRateLimits();
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
