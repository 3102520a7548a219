// Who is calling: the bootstrap admin token, an API token, a browser session (cookie), or,
// opt-in, the user an authenticating proxy vouches for. Revoked tokens and expired sessions
// stop working at once: every request is checked against the database.
import { loadConfig } from "../env";
import { getDb } from "../db/client";
import { ApiError } from "../api/errors";
import { hashSecret, safeEqual } from "./secrets";
import { authRetryAfter, recordAuthFailure } from "./auth-rate-limit";
import { clientAddress, peerAddress } from "./client-address";
import { addressInList } from "../net/address-list";

export type Role = "viewer" | "editor" | "admin";
export type Actor = { name: string; role: Role; via: "bootstrap" | "token" | "session" | "proxy"; tokenId?: string; sessionId?: string };

export const SESSION_COOKIE = "signpost_session";

/** Resolves the caller, or null when anonymous; a presented but invalid credential is 401. */
export async function authenticate(req: Request): Promise<Actor | null> {
  const client = clientAddress(req);
  const header = req.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ApiError("unauthorized", "the Authorization header must be \"Bearer <token>\"");
    return guarded(client, () => fromToken(m[1]), "the token is invalid, expired or revoked");
  }
  const session = cookieValue(req, SESSION_COOKIE);
  if (session) {
    const actor = await guarded(client, () => fromSession(session), "the session expired or was signed out; sign in again");
    if (req.method !== "GET" && req.method !== "HEAD") await checkCsrf(req, actor);
    return actor;
  }
  return fromProxy(req);
}

async function guarded(client: string, find: () => Promise<Actor | null>, failure: string): Promise<Actor> {
  const wait = authRetryAfter(client);
  if (wait) throw new ApiError("rate_limited", `too many failed sign-in attempts; retry in ${wait} s`, undefined, { "retry-after": String(wait) });
  const actor = await find();
  if (actor) return actor;
  recordAuthFailure(client);
  throw new ApiError("unauthorized", failure, undefined, { "www-authenticate": 'Bearer realm="signpost"' });
}

/** The actor of a bearer token (bootstrap admin or a stored token). */
export async function fromToken(token: string): Promise<Actor | null> {
  const admin = loadConfig().SIGNPOST_ADMIN_TOKEN;
  if (admin && safeEqual(token, admin)) return { name: "bootstrap-admin", role: "admin", via: "bootstrap" };
  if (!token.startsWith("sp_tok_")) return null;
  const prisma = getDb().prisma;
  const row = await prisma.apiToken.findUnique({ where: { hash: hashSecret(token) } });
  if (!row || row.revokedAt) return null;
  // lastUsedAt is informative: written at most once a minute per token.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { name: `token:${row.name}`, role: row.role as Role, via: "token", tokenId: row.id };
}

async function fromSession(secret: string): Promise<Actor | null> {
  const prisma = getDb().prisma;
  const row = await prisma.session.findUnique({ where: { hash: hashSecret(secret) } });
  if (!row || row.expiresAt.getTime() < Date.now()) return null;
  if (row.tokenId) {
    // A session opened with an API token ends when the token is revoked.
    const token = await prisma.apiToken.findUnique({ where: { id: row.tokenId } });
    if (!token || token.revokedAt) return null;
  }
  return { name: row.actor, role: row.role as Role, via: "session", sessionId: row.id, ...(row.tokenId ? { tokenId: row.tokenId } : {}) };
}

/** Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token. */
async function checkCsrf(req: Request, actor: Actor): Promise<void> {
  const sent = req.headers.get("x-csrf-token");
  const row = actor.sessionId ? await getDb().prisma.session.findUnique({ where: { id: actor.sessionId } }) : null;
  if (!sent || !row || !safeEqual(sent, row.csrf)) {
    throw new ApiError("forbidden", "missing or wrong X-CSRF-Token header for a cookie-authenticated write");
  }
}

/** Opt-in: the user header of an authenticating proxy, trusted only from configured proxy addresses. */
function fromProxy(req: Request): Actor | null {
  const { SIGNPOST_PROXY_USER_HEADER: header, SIGNPOST_TRUSTED_PROXIES: proxies, SIGNPOST_PROXY_ROLE: role } = loadConfig();
  if (!header || !proxies) return null;
  const user = req.headers.get(header)?.trim();
  const peer = peerAddress(req);
  if (!user || !peer || !addressInList(peer, proxies)) return null;
  return { name: `proxy:${user.slice(0, 200)}`, role, via: "proxy" };
}

function cookieValue(req: Request, name: string): string | null {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}
