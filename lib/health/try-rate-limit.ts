// Try it is rate-limited per user (the actor's name): SIGNPOST_TRY_LIMIT calls per minute, then
// 429 with Retry-After (lib/api/rate-limiter.ts, in memory per web server).
import { ApiError } from "../api/errors";
import { rateLimiter } from "../api/rate-limiter";

const tries = rateLimiter("try");

/** Counts one call of `user`; throws 429 with Retry-After past `limit` calls in the window. */
export function takeTry(user: string, limit: number, now = Date.now()): void {
  const wait = tries.take(user, limit, { now });
  if (wait) {
    throw new ApiError("rate_limited", `Try it: at most ${limit} calls a minute per user (SIGNPOST_TRY_LIMIT); retry in ${wait} s`, { reason: "try_limit", retryAfter: wait }, { "retry-after": String(wait) });
  }
}
