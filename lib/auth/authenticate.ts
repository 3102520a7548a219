// Who is calling: the bootstrap admin token, an API token, a browser session (cookie), or,
// opt-in, the user an authenticating proxy vouches for. Revoked tokens and expired sessions
// stop working at once: every request is checked against the database.
import { loadConfig } from "../env";
import { getDb } from "../db/client";
import { ApiError } from "../api/errors";
import { hashSecret, safeEqual } from "./secrets";
import { refuseCredential } from "./auth-rate-limit";
import { clientAddress, peerAddress } from "./client-address";
import { sessionCookie } from "./session-cookie";
import { checkWriteOrigin } from "./check-write-origin";
import { parseTeamList } from "./team-scope";
import { addressInList } from "../net/address-list";

export type Role = "viewer" | "editor" | "admin";
export type Actor = {
  name: string;
  role: Role;
  via: "bootstrap" | "token" | "session" | "proxy";
  tokenId?: string;
  sessionId?: string;
  /** the teams whose APIs this actor may register and deregister; absent: every team (lib/auth/team-scope.ts) */
  teams?: string[];
};

/** The caller, and whether the request's session cookie is stale (to be cleared in the answer). */
export type Identity = { actor: Actor | null; staleSession: boolean };

/**
 * Resolves the caller. A wrong bearer token is refused (401; 429 once the address is past the
 * limit of failures). A session cookie that no longer works is not an error: the caller is
 * anonymous and `staleSession` says to clear the cookie. Writes by a session or a proxy user
 * must carry the CSRF token or be same-origin (403).
 */
export async function identify(req: Request): Promise<Identity> {
  const header = req.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ApiError("unauthorized", "the Authorization header must be \"Bearer <token>\"");
    // The credential is checked before any limit: a valid one is never refused for others' failures.
    const actor = await fromToken(m[1]);
    if (!actor) throw refuseCredential(clientAddress(req), "the token is invalid, expired or revoked");
    return { actor, staleSession: false };
  }
  const secret = sessionCookie(req);
  if (secret) {
    const session = await fromSession(secret);
    if (session) {
      checkWriteOrigin(req, session.csrf);
      return { actor: session.actor, staleSession: false };
    }
  }
  const proxied = fromProxy(req);
  if (proxied) checkWriteOrigin(req, null);
  return { actor: proxied, staleSession: Boolean(secret) };
}

/** The caller, or null when anonymous (see identify). */
export async function authenticate(req: Request): Promise<Actor | null> {
  return (await identify(req)).actor;
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
  return { name: `token:${row.name}`, role: row.role as Role, via: "token", tokenId: row.id, ...scopeOf(row.teams) };
}

async function fromSession(secret: string): Promise<{ actor: Actor; csrf: string } | null> {
  const prisma = getDb().prisma;
  const row = await prisma.session.findUnique({ where: { hash: hashSecret(secret) } });
  if (!row || row.expiresAt.getTime() < Date.now()) return null;
  let teams: string[] | null | undefined;
  if (row.tokenId) {
    // A session opened with an API token ends when the token is revoked, and has its team scope.
    const token = await prisma.apiToken.findUnique({ where: { id: row.tokenId } });
    if (!token || token.revokedAt) return null;
    teams = token.teams;
  }
  const actor: Actor = { name: row.actor, role: row.role as Role, via: "session", sessionId: row.id, ...(row.tokenId ? { tokenId: row.tokenId } : {}), ...scopeOf(teams) };
  return { actor, csrf: row.csrf };
}

/**
 * Opt-in: the user header of an authenticating proxy, trusted only from configured proxy addresses.
 * With SIGNPOST_PROXY_TEAMS_HEADER, the user's teams come from that header (comma-separated;
 * `*` for every team; missing or empty: no team).
 */
function fromProxy(req: Request): Actor | null {
  const { SIGNPOST_PROXY_USER_HEADER: header, SIGNPOST_TRUSTED_PROXIES: proxies, SIGNPOST_PROXY_ROLE: role, SIGNPOST_PROXY_TEAMS_HEADER: teamsHeader } = loadConfig();
  if (!header || !proxies) return null;
  const user = req.headers.get(header)?.trim();
  const peer = peerAddress(req);
  if (!user || !peer || !addressInList(peer, proxies)) return null;
  const actor: Actor = { name: `proxy:${user.slice(0, 200)}`, role, via: "proxy" };
  if (!teamsHeader) return actor;
  const teams = parseTeamList(req.headers.get(teamsHeader) ?? "");
  return teams.includes("*") ? actor : { ...actor, teams };
}

/** The scope of stored teams: none stored means every team. */
function scopeOf(teams: string[] | null | undefined): { teams?: string[] } {
  return teams?.length ? { teams } : {};
}
