// Browser sessions: signing in with a token sets an httpOnly, SameSite=Lax cookie holding a
// random secret (the database keeps its hash) and returns a CSRF token for writes. Wrong tokens
// count against the address (lib/auth/auth-rate-limit.ts).
import crypto from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { recordAudit } from "../audit/record-audit";
import { fromToken, type Actor } from "./authenticate";
import { hashSecret, newSecret } from "./secrets";
import { refuseCredential } from "./auth-rate-limit";
import { CLEAR_SESSION_COOKIE, sessionCookieHeader } from "./session-cookie";

const SESSION_HOURS = 12;

export type SessionView = {
  signedIn: boolean;
  actor: string | null;
  role: Actor["role"] | null;
  csrfToken: string | null;
  expiresAt: string | null;
  /** the team scope; null: every team */
  teams: string[] | null;
};

/** Signs in with a token; returns the session view and the Set-Cookie header value. */
export async function signIn(prisma: PrismaClient, token: string, client: string, secure: boolean): Promise<{ view: SessionView; cookie: string }> {
  // The token is checked before any limit: a valid one is never refused for others' failures.
  const actor = await fromToken(token);
  if (!actor) throw refuseCredential(client, "the token is invalid, expired or revoked");
  const secret = newSecret("ses");
  const csrf = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
  await prisma.$transaction(async (tx) => {
    await tx.session.create({ data: { hash: hashSecret(secret), actor: actor.name, role: actor.role, tokenId: actor.tokenId ?? null, csrf, expiresAt } });
    await tx.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await recordAudit(tx, { actor: actor.name, action: "session.create", target: `session:${actor.name}`, after: { role: actor.role } });
  });
  const cookie = sessionCookieHeader(secret, SESSION_HOURS * 3600, secure);
  return { view: { signedIn: true, actor: actor.name, role: actor.role, csrfToken: csrf, expiresAt: expiresAt.toISOString(), teams: actor.teams ?? null }, cookie };
}

/** The view of the current session (anonymous when there is none). */
export async function sessionView(prisma: PrismaClient, actor: Actor | null): Promise<SessionView> {
  if (!actor) return { signedIn: false, actor: null, role: null, csrfToken: null, expiresAt: null, teams: null };
  const teams = actor.teams ?? null;
  if (actor.via !== "session" || !actor.sessionId) return { signedIn: true, actor: actor.name, role: actor.role, csrfToken: null, expiresAt: null, teams };
  const row = await prisma.session.findUnique({ where: { id: actor.sessionId } });
  return { signedIn: true, actor: actor.name, role: actor.role, csrfToken: row?.csrf ?? null, expiresAt: row?.expiresAt.toISOString() ?? null, teams };
}

/** Ends the session; returns the cookie that clears it. */
export async function signOut(prisma: PrismaClient, actor: Actor | null): Promise<string> {
  if (actor?.sessionId) await prisma.session.delete({ where: { id: actor.sessionId } }).catch(() => {});
  return CLEAR_SESSION_COOKIE;
}
