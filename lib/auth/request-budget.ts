// Per-caller request budgets of REST and MCP: each token (its sessions included), signed-in
// user, proxy user or anonymous client address may make SIGNPOST_RATE_LIMIT_READ reads and
// SIGNPOST_RATE_LIMIT_WRITE writes a minute on one web server; past that, 429 with Retry-After.
// Both REST's route() and POST /mcp charge a request here right after identify().
import { ApiError } from "../api/errors";
import { rateLimiter, recordRateLimited } from "../api/rate-limiter";
import { loadConfig } from "../env";
import type { Actor } from "./authenticate";
import { clientAddress } from "./client-address";

export type Budget = "read" | "write";
/** How many reads and writes one request counts (an MCP batch counts each message). */
export type RequestCost = Partial<Record<Budget, number>>;

const limiters = { read: rateLimiter("read"), write: rateLimiter("write") };
const SETTING: Record<Budget, "SIGNPOST_RATE_LIMIT_READ" | "SIGNPOST_RATE_LIMIT_WRITE"> = { read: "SIGNPOST_RATE_LIMIT_READ", write: "SIGNPOST_RATE_LIMIT_WRITE" };

/** The budget of a REST method: GET and HEAD read, everything else writes. */
export function budgetOf(method: string): Budget {
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

/**
 * Whose budget a request spends: a token's (by id, shared by its bearer use and the sessions
 * opened with it), a user's (the bootstrap admin, a proxy user, a session without a token), or
 * the client address's (anonymous; behind a trusted proxy, the client it reports).
 */
export function callerOf(req: Request, actor: Actor | null): { key: string; per: string } {
  if (actor?.tokenId) return { key: `token:${actor.tokenId}`, per: "token" };
  if (actor) return { key: `user:${actor.name}`, per: "user" };
  return { key: `address:${clientAddress(req)}`, per: "client address" };
}

/**
 * Charges `cost` to the caller's budgets; throws 429 (code rate_limited, Retry-After, the
 * setting named) when any budget would be exceeded, charging nothing then. A limit of 0 is off.
 */
export function chargeRequest(req: Request, actor: Actor | null, cost: RequestCost): void {
  const config = loadConfig();
  const { key, per } = callerOf(req, actor);
  const charges = (Object.keys(cost) as Budget[]).filter((b) => (cost[b] ?? 0) > 0 && config[SETTING[b]] > 0);
  for (const budget of charges) {
    const limit = config[SETTING[budget]];
    const wait = limiters[budget].wait(key, limit, { count: cost[budget] });
    if (!wait) continue;
    recordRateLimited(budget);
    throw new ApiError(
      "rate_limited",
      `rate limit: at most ${limit} ${budget}s a minute per ${per} (${SETTING[budget]}); retry in ${wait} s`,
      { reason: `${budget}_limit`, limit: SETTING[budget], max: limit, retryAfter: wait },
      { "retry-after": String(wait) },
    );
  }
  for (const budget of charges) limiters[budget].take(key, config[SETTING[budget]], { count: cost[budget] });
}
