// deregister_api: removes what Signpost registered for an API, as DELETE /api/v1/apis/{id} does
// (editor role, team scope, the same lib functions). dryRun lists what would be removed.
import { z } from "zod";
import { assertTeamScope, teamScopeRefusal } from "../../auth/check-team-scope";
import { apiIdOf } from "../../catalog/api-id-of";
import { deregisterApi, deregistrationTargets } from "../../registry/deregister-api";
import { requireEditor } from "../mcp-context";
import { defineTool } from "../mcp-tool";
import { ZApiRef, ZCluster } from "./get-api";

export const deregisterApiTool = defineTool({
  name: "deregister_api",
  title: "Deregister an API",
  description:
    "Removes an API Signpost registered from its gateways (the gateway route, service and plugins, or the Ingress/HTTPRoute it wrote). " +
    "APIs that come from Kubernetes or from the gateway's own configuration are refused: Signpost deletes only what it created. Needs a " +
    "token with the editor or admin role (a team-scoped token: its teams' APIs only). dryRun: true lists what would be removed and changes nothing.",
  input: z.strictObject({
    api: ZApiRef,
    cluster: ZCluster,
    gateway: z.string().max(63).optional().describe("Only deregister it from this gateway (default: from every gateway)"),
    dryRun: z.boolean().default(false).describe("List what would be removed and change nothing"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async run(a, ctx) {
    const actor = requireEditor(ctx, "deregister_api");
    const apiId = await apiIdOf(ctx.db, a.api, a.cluster);
    const intent = { action: "api.deregister" as const, apiId, gateway: a.gateway };
    const o = { db: ctx.db, gateways: ctx.config.gateways, gateway: a.gateway };
    if (a.dryRun) {
      const { api, registrations } = await deregistrationTargets(apiId, o);
      const refusal = await teamScopeRefusal(ctx.db.prisma, actor, intent);
      return {
        dryRun: true,
        allowed: !refusal,
        ...(refusal ? { refusal: refusal.message } : {}),
        api: { id: api.id, key: api.key, name: api.name, team: api.team },
        removes: registrations.map((r) => ({ gateway: r.gateway, name: r.name, origin: r.origin, registeredBy: r.registeredBy, via: viaOf(r.applied) })),
      };
    }
    await assertTeamScope(ctx.db.prisma, actor, intent);
    const { api, registrations } = await deregistrationTargets(apiId, o);
    await deregisterApi(apiId, { ...o, actor: actor.name });
    return { dryRun: false, deregistered: { id: api.id, key: api.key, name: api.name }, gateways: registrations.map((r) => r.gateway) };
  },
});

function viaOf(applied: unknown): string {
  return applied && typeof applied === "object" && "via" in applied ? String((applied as { via: unknown }).via) : "admin-api";
}
