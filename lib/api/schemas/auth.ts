// REST shapes of tokens, sessions and the audit log.
import { z } from "zod";
import { ZBigintId } from "./common";

export const ZRole = z.enum(["viewer", "editor", "admin"]).meta({ id: "Role" });

const ZTeamName = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "a team is lower-case letters, digits and \"-\" (as in a registration)");

export const ZTokenCreate = z
  .object({
    name: z.string().trim().min(1).max(100).regex(/^[\w .@-]+$/, "letters, digits, space and . @ - _"),
    role: ZRole,
    teams: z
      .array(ZTeamName)
      .min(1, "name at least one team, or leave teams out for every team")
      .max(50)
      .transform((t) => [...new Set(t)])
      .optional()
      .meta({ description: "Limit the token to these teams' APIs (register, replace, deregister); editor tokens only" }),
  })
  .strict()
  .refine((t) => !t.teams || t.role === "editor", {
    path: ["teams"],
    message: "only editor tokens can be scoped to teams (a viewer cannot register; an admin can create any token)",
  })
  .meta({ id: "TokenCreate" });

export const ZToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: ZRole,
    prefix: z.string().meta({ description: "The first characters of the secret, to recognise it" }),
    teams: z.array(z.string()).nullable().meta({ description: "The teams whose APIs it may register and deregister; null: every team" }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Token" });

export const ZTokenCreated = ZToken.extend({
  token: z.string().meta({ description: "The secret: shown once, stored only as a hash" }),
}).meta({ id: "TokenCreated" });

export const ZTokenList = z.object({ data: z.array(ZToken) }).meta({ id: "TokenList" });

export const ZSessionCreate = z.object({ token: z.string().min(1).max(500) }).strict().meta({ id: "SessionCreate" });

export const ZSession = z
  .object({
    signedIn: z.boolean(),
    actor: z.string().nullable(),
    role: ZRole.nullable(),
    csrfToken: z.string().nullable().meta({ description: "Send as X-CSRF-Token with cookie-authenticated writes" }),
    expiresAt: z.iso.datetime().nullable(),
    teams: z.array(z.string()).nullable().meta({ description: "The teams whose APIs the session may register and deregister; null: every team" }),
  })
  .meta({ id: "Session" });

export const ZAuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: ZBigintId("a cursor returned by this API").optional(),
  actor: z.string().optional(),
  action: z.string().optional(),
});

export const ZAuditEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: "AuditEntry" });

export const ZAuditList = z.object({ data: z.array(ZAuditEntry), nextCursor: z.string().nullable() }).meta({ id: "AuditList" });
