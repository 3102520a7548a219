// The team-scope check of registration writes, before lib/registry is called: a scoped actor
// (lib/auth/team-scope.ts) registers, replaces and deregisters only APIs of its teams. Refusals
// are 403 and recorded in the audit log. Called by the REST routes (POST /api/v1/apis, PUT and
// DELETE /api/v1/registrations/{gateway}/{name}, DELETE /api/v1/apis/{id}, PUT /api/v1/apis/{id}/spec), which the Register
// form and `signpost apply` use; the annotation registrar has no actor and no scope.
import type { PrismaClient } from "../db/generated/client";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "./authenticate";
import { coversTeam, describeScope, isScoped } from "./team-scope";

export type ScopeIntent =
  | { action: "api.register"; registration: Pick<TRegistration, "name" | "team" | "upstream" | "gateway"> }
  | { action: "api.deregister"; apiId: string; gateway?: string }
  | { action: "api.spec"; apiId: string };

/** Why `actor` may not do `intent` ({field, message}), or null when its scope covers it. */
export async function teamScopeRefusal(prisma: PrismaClient, actor: Actor | null, intent: ScopeIntent): Promise<{ field: string; message: string } | null> {
  if (!isScoped(actor)) return null;
  const scope = describeScope(actor);
  if (intent.action === "api.spec") {
    const api = await prisma.api.findUnique({ where: { id: intent.apiId } });
    if (!api || coversTeam(actor, api.team)) return null;
    return { field: "team", message: `${actor.name} may change contracts of APIs of ${scope} only; ${api.name} belongs to ${owner(api.team)}` };
  }
  if (intent.action === "api.deregister") {
    const api = await prisma.api.findUnique({ where: { id: intent.apiId } });
    if (!api) return null; // lib/registry answers 404
    const name = api.key.startsWith("api:") ? api.key.slice(4) : null;
    const regs = name ? await prisma.registration.findMany({ where: { name, deletedAt: null, ...(intent.gateway ? { gateway: intent.gateway } : {}) } }) : [];
    for (const team of [api.team, ...regs.map((r) => r.team)]) {
      if (!coversTeam(actor, team)) return { field: "team", message: `${actor.name} may deregister APIs of ${scope} only; ${api.name} belongs to ${owner(team)}` };
    }
    return null;
  }
  const reg = intent.registration;
  if (!coversTeam(actor, reg.team)) {
    return { field: "body.team", message: reg.team ? `${actor.name} may register APIs of ${scope} only, not of team ${reg.team}` : `${actor.name} may register APIs of ${scope} only: name the team (body.team)` };
  }
  // Replacing, or adding a gateway to, an API of another team is taking it over.
  const existing = await prisma.registration.findMany({ where: { name: reg.name, deletedAt: null } });
  const api = await prisma.api.findUnique({ where: { key: `api:${reg.name}` } });
  for (const team of [...existing.map((r) => r.team), ...(api && !api.goneAt ? [api.team] : [])]) {
    if (!coversTeam(actor, team)) return { field: "body.name", message: `"${reg.name}" is registered for ${owner(team)}; ${actor.name} may change APIs of ${scope} only` };
  }
  // A gateway route in front of another team's Service adds to that team's API.
  if ("service" in reg.upstream) {
    const s = reg.upstream.service;
    const exposure = await prisma.exposure.findFirst({
      where: { sourceKind: "Service", sourceCluster: s.cluster, sourceNamespace: s.namespace, sourceName: s.name, api: { goneAt: null } },
      include: { api: true },
    });
    if (exposure && !coversTeam(actor, exposure.api.team)) {
      return { field: "body.upstream.service", message: `Service ${s.namespace}/${s.name} belongs to ${owner(exposure.api.team)}; ${actor.name} may register APIs of ${scope} only` };
    }
  }
  return null;
}

/** Throws 403 when `actor`'s team scope does not cover `intent`, after recording the refusal. */
export async function assertTeamScope(prisma: PrismaClient, actor: Actor | null, intent: ScopeIntent): Promise<void> {
  const refusal = await teamScopeRefusal(prisma, actor, intent);
  if (!refusal) return;
  const target = intent.action === "api.register" ? `api:${intent.registration.name}${intent.registration.gateway ? `@${intent.registration.gateway}` : ""}` : `api-id:${intent.apiId}${"gateway" in intent && intent.gateway ? `@${intent.gateway}` : ""}`;
  await recordAudit(prisma, { actor: actor!.name, action: `${intent.action}.refused`, target, after: { reason: refusal.message, teams: actor!.teams } });
  throw new ApiError("forbidden", refusal.message, { scope: { teams: actor!.teams }, issues: [refusal] });
}

function owner(team: string | null): string {
  return team ? `team ${team}` : "no team";
}
