// API tokens: created by admins with a role (and, for editors, maybe a team scope), the secret shown once and stored as a hash,
// listed without secrets, revoked (effective at once). Every change is audited.
import type { PrismaClient, ApiToken } from "../db/generated/client";
import { ApiError } from "../api/errors";
import { recordAudit } from "../audit/record-audit";
import { hashSecret, newSecret } from "./secrets";
import type { Role } from "./authenticate";

export type TokenDto = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  teams: string[] | null;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

function dto(t: ApiToken): TokenDto {
  return {
    id: t.id,
    name: t.name,
    role: t.role as Role,
    prefix: t.prefix,
    teams: t.teams?.length ? t.teams : null,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token; the returned `token` is the only time the secret is visible. */
export async function createToken(prisma: PrismaClient, input: { name: string; role: Role; teams?: string[] }, actor: string): Promise<TokenDto & { token: string }> {
  const secret = newSecret("tok");
  const row = await prisma.$transaction(async (tx) => {
    const t = await tx.apiToken.create({
      data: { name: input.name, role: input.role, teams: input.teams ?? [], hash: hashSecret(secret), prefix: secret.slice(0, 12), createdBy: actor },
    });
    await recordAudit(tx, { actor, action: "token.create", target: `token:${t.id}`, after: { name: t.name, role: t.role, prefix: t.prefix, teams: t.teams } });
    return t;
  });
  return { ...dto(row), token: secret };
}

/** Every token, newest first, without secrets. */
export async function listTokens(prisma: PrismaClient): Promise<TokenDto[]> {
  return (await prisma.apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(dto);
}

/** Revokes a token and ends the sessions opened with it. */
export async function revokeToken(prisma: PrismaClient, id: string, actor: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const t = await tx.apiToken.findUnique({ where: { id } });
    if (!t) throw new ApiError("not_found", `no token with id ${id}`);
    if (t.revokedAt) return;
    await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await tx.session.deleteMany({ where: { tokenId: id } });
    await recordAudit(tx, { actor, action: "token.revoke", target: `token:${id}`, before: { name: t.name, role: t.role }, after: { revoked: true } });
  });
}
