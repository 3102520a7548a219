// Whether a caller's credential still holds, for long requests (event streams) that outlive the
// check made when they started: a revoked token, or a session signed out, expired or opened with
// a token since revoked, no longer does. The bootstrap token, proxies and anonymous readers are
// configuration, checked at the start only.
import type { PrismaClient } from "../db/generated/client";
import type { Actor } from "./authenticate";

/** True while `actor`'s token or session is still valid. */
export async function actorStillValid(prisma: PrismaClient, actor: Actor | null): Promise<boolean> {
  if (actor?.sessionId) {
    const session = await prisma.session.findUnique({ where: { id: actor.sessionId } });
    if (!session || session.expiresAt.getTime() < Date.now()) return false;
  }
  if (actor?.tokenId) {
    const token = await prisma.apiToken.findUnique({ where: { id: actor.tokenId } });
    if (!token || token.revokedAt) return false;
  }
  return true;
}
