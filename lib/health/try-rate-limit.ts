// Try it is rate-limited per user (the actor's name): SIGNPOST_TRY_LIMIT calls per minute, then
// 429 with Retry-After. In memory, per web server, like the credential limit.
import { ApiError } from "../api/errors";

const WINDOW_MS = 60_000;
const windows = new Map<string, { count: number; resetAt: number }>();

/** Counts one call of `user`; throws 429 with Retry-After past `limit` calls in the window. */
export function takeTry(user: string, limit: number, now = Date.now()): void {
  let w = windows.get(user);
  if (!w || w.resetAt <= now) {
    w = { count: 0, resetAt: now + WINDOW_MS };
    windows.set(user, w);
  }
  if (windows.size > 10_000) for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
  if (w.count >= limit) {
    const wait = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    throw new ApiError("rate_limited", `Try it: at most ${limit} calls a minute per user (SIGNPOST_TRY_LIMIT); retry in ${wait} s`, { reason: "try_limit", retryAfter: wait }, { "retry-after": String(wait) });
  }
  w.count++;
}
