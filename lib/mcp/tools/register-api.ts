// register_api: registers an API on a gateway as POST /api/v1/apis does (editor role, team scope,
// the same lib functions), recorded with origin "mcp". dryRun returns the plan instead: the
// preview REST's Register page shows, how the gateway takes registrations, and the Kubernetes
// manifest where registration goes through a cluster.
import { z } from "zod";
import { ZRegistration, type TRegistration } from "../../api/schemas/registration";
import { assertTeamScope } from "../../auth/check-team-scope";
import { getApi } from "../../catalog/get-api";
import { previewRegistrationAs } from "../../registry/preview-registration";
import { registerApi } from "../../registry/register-api";
import { registrationManifest } from "../../registry/registration-manifest";
import { registrationPath } from "../../registry/registration-path";
import { resolveGateway } from "../../registry/resolve-gateway";
import { apiPageUrl, requireEditor, type McpContext } from "../mcp-context";
import { defineTool } from "../mcp-tool";

export const registerApiTool = defineTool({
  name: "register_api",
  title: "Register an API on a gateway",
  description:
    "Publishes an API on an API gateway (Kong): Signpost creates the gateway service and route (or the Ingress/HTTPRoute the gateway's " +
    "controller reads) and the API appears in the catalog with its proxy URL. Needs a token with the editor or admin role (a team-scoped " +
    "token registers its teams' APIs only). Run it with dryRun: true first: that changes nothing and returns the plan (validation issues, " +
    "conflicting routes or names, the resulting proxyUrls, how the gateway takes registrations, and the Kubernetes manifest when it goes " +
    "through a cluster). `replace: true` replaces an existing registration of the same name with different settings.",
  input: z.strictObject({
    registration: ZRegistration.describe("The registration body, as POST /api/v1/apis takes it"),
    dryRun: z.boolean().default(false).describe("Return the plan and change nothing"),
    replace: z.boolean().default(false).describe("Replace an existing registration of this name (else a different one is a conflict)"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(a, ctx) {
    const actor = requireEditor(ctx, "register_api");
    if (a.dryRun) return { dryRun: true, ...(await registrationPlan(a.registration, ctx)) };
    const db = ctx.db;
    await assertTeamScope(db.prisma, actor, { action: "api.register", registration: a.registration });
    const r = await registerApi(a.registration, {
      db, gateways: ctx.config.gateways, clusterDomain: ctx.config.SIGNPOST_CLUSTER_DOMAIN, actor: actor.name, origin: "mcp", replace: a.replace,
    });
    const api = await getApi(db.prisma, r.apiId);
    return { dryRun: false, created: r.status === 201, api, pageUrl: apiPageUrl(ctx, api.id) };
  },
});

/** What registering `reg` would do; gateway failures become part of the plan, not errors. */
async function registrationPlan(reg: TRegistration, ctx: McpContext): Promise<Record<string, unknown>> {
  const o = { db: ctx.db, gateways: ctx.config.gateways, clusterDomain: ctx.config.SIGNPOST_CLUSTER_DOMAIN };
  const preview = await previewRegistrationAs(reg, ctx.actor, o);
  const gw = resolveGateway(o.gateways, reg.gateway);
  const path = await registrationPath(ctx.db, gw).catch(() => null); // the preview's conflicts say why
  let manifest: { via: string; object: string; yaml: string } | null = null;
  let manifestNote: string | null = null;
  if (path && (path.via !== "admin-api" || gw.cluster)) {
    try {
      manifest = await registrationManifest(reg, o);
    } catch (err) {
      manifestNote = (err as Error).message;
    }
  }
  return {
    gateway: gw.name,
    ...preview,
    registerVia: path ? { via: path.via, reason: path.reason, cluster: path.cluster } : null,
    manifest,
    ...(manifestNote ? { manifestNote } : {}),
  };
}
