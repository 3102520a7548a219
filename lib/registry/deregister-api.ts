// Deregisters what Signpost registered: its plugins, the route, then the service, on every gateway
// the API was registered on. Refuses (409) APIs Signpost did not create. Like registration, one
// change of a name at a time, and a failure puts the gateway back as it was.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import { ApiError } from "../api/errors";
import { removeKongState } from "./kong-state";
import type { Intent } from "./registration-intent";
import { changeRegistration } from "./change-registration";
import { kongTarget } from "./resolve-gateway";
import { kongFailure } from "./kong-failure";
import { lockEventLog } from "../catalog/lock-event-log";
import { refreshApiDocs } from "../catalog/api-docs";

/** Deregisters the API with this id. */
export async function deregisterApi(apiId: string, o: { db: Db; gateways: TGatewayConfig[]; actor: string; gateway?: string }): Promise<void> {
  const prisma = o.db.prisma;
  const api = await prisma.api.findUnique({ where: { id: apiId } });
  if (!api) throw new ApiError("not_found", `no API with id ${apiId}`);
  const name = api.key.startsWith("api:") ? api.key.slice(4) : null;
  const regs = name
    ? await prisma.registration.findMany({ where: { name, deletedAt: null, ...(o.gateway ? { gateway: o.gateway } : {}) } })
    : [];
  if (regs.length === 0) {
    throw new ApiError(
      "conflict",
      `API ${api.name} was not registered by Signpost (it comes from ${api.managedBy === "kong" ? "the gateway's own configuration" : "Kubernetes"}); Signpost only deregisters what it created`,
      { managedBy: api.managedBy },
    );
  }
  for (const reg of regs) {
    const gw = o.gateways.find((g) => g.name === reg.gateway);
    if (!gw) throw new ApiError("conflict", `API ${api.name} is registered on gateway "${reg.gateway}", which is no longer configured`);
    const target = kongTarget(gw);
    try {
      // Only what still carries Signpost's tag is deleted: someone may have taken the name over.
      await changeRegistration(o.db, o.gateways, target, { name: reg.name, op: "deregister", spec: null, actor: o.actor }, {
        write: async (current, intent) => {
          await removeKongState(target, current);
          await markDeregistered(o.db, { registrationId: reg.id, api, gateway: reg.gateway, actor: o.actor, last: regs.length === 1, intent });
        },
      });
    } catch (err) {
      throw kongFailure(err, gw.name);
    }
  }
}

async function markDeregistered(
  db: Db,
  d: {
    registrationId: string;
    api: { id: string; key: string; name: string; team: string | null; cluster: string | null; managedBy: string };
    gateway: string;
    actor: string;
    last: boolean;
    intent: Intent;
  },
): Promise<void> {
  const { registrationId, api, gateway, last } = d;
  const client = await db.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    await client.query(`UPDATE registrations SET deleted_at = now(), updated_at = now() WHERE id = $1`, [registrationId]);
    // An API made only of registrations leaves the catalog now; one merged with Kubernetes
    // exposures is recomputed by the worker (its resync is requested below).
    const goneNow = last && api.managedBy === "signpost" && api.cluster === null;
    if (goneNow) {
      await client.query(`UPDATE apis SET gone_at = now(), updated_at = now() WHERE id = $1 AND gone_at IS NULL`, [api.id]);
      await refreshApiDocs(client, [api.id]);
    }
    await lockEventLog(client);
    await client.query(
      `INSERT INTO change_events (type, api_id, api_key, api_name, team, cluster, diff) VALUES ('api.deregistered', $1, $2, $3, $4, $5, $6::jsonb)`,
      [api.id, api.key, api.name, api.team, api.cluster, JSON.stringify({ before: { gateway }, after: null })],
    );
    await client.query(`INSERT INTO audit_log (actor, action, target, before, after) VALUES ($1, 'api.deregister', $2, $3::jsonb, NULL)`, [
      d.actor,
      `${api.key}@${gateway}`,
      JSON.stringify({ registration: registrationId }),
    ]);
    await client.query(`UPDATE sources SET resync_requested_at = now() WHERE kind = 'gateway' AND name = $1`, [gateway]);
    await d.intent.finish(client);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}
