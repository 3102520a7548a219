// The database side of a registration: the registration record, the API shown at once (derived
// with the same code the worker uses, so its later poll finds nothing to change), a change event
// and an audit entry, in one transaction.
import type { Db } from "../db/client";
import { CatalogIndex } from "../catalog/catalog-index";
import { saveApiChanges } from "../catalog/save-api-changes";
import type { GatewayPluginInfo, GatewayRouteInfo, GatewayServiceInfo, GatewaySourceInfo } from "../catalog/types";
import type { AppliedKongState } from "./kong-state";
import type { AppliedClusterState } from "./register-through-cluster";
import type { DerivedApi } from "../catalog/types";
import type { Intent } from "./registration-intent";
import type { TRegistration } from "../api/schemas/registration";
import { redact } from "../log";
import { lockEventLog } from "../catalog/lock-event-log";
import { lockApiCreation } from "../contracts/lock-contract-writes";
import { refreshApiDocs } from "../catalog/api-docs";

export type SavedRegistration = { apiId: string; created: boolean };

/** The API a registration on a gateway's Admin API shows, derived as the worker will derive it. */
export function deriveKongRegisteredApi(name: string, k: { source: GatewaySourceInfo; service: GatewayServiceInfo; route: GatewayRouteInfo; plugins?: GatewayPluginInfo[] }): DerivedApi {
  const index = new CatalogIndex();
  index.setGatewaySource(k.source);
  index.upsert({ kind: "KongService", obj: k.service });
  index.upsert({ kind: "KongRoute", obj: k.route });
  for (const p of k.plugins ?? []) index.upsert({ kind: "KongPlugin", obj: p });
  const api = index.flush().upserted.find((a) => a.key === `api:${name}`);
  if (!api) throw new Error(`registration ${name} derived no API`);
  return api;
}

/**
 * Records a registration whose gateway entities (or cluster objects) are in place, with the API
 * it shows at once, in one transaction that also ends the change's intent; returns the API id.
 */
export async function saveRegistration(
  db: Db,
  input: {
    reg: TRegistration & { gateway: string };
    origin: string;
    actor: string;
    api: DerivedApi;
    /** what was written (for the drift check and deregistration) */
    applied: AppliedKongState | AppliedClusterState;
    /** the change's intent, ended in the same transaction */
    intent: Intent;
    /** ids of the Kong service and route, when registered through the Admin API */
    kong?: { serviceId: string; routeId: string };
  },
): Promise<SavedRegistration> {
  const key = `api:${input.reg.name}`;
  const api = input.api;
  const client = await db.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    // before the row lock, as saveApiChanges takes it (lock-contract-writes.ts)
    await lockApiCreation(client);
    const existing = await client.query<{ id: string; gone_at: Date | null; managed_by: string }>(
      `SELECT id, gone_at, managed_by FROM apis WHERE key = $1 FOR NO KEY UPDATE`,
      [key],
    );
    const row = existing.rows[0];
    // An API with this key already derived from Kubernetes (signpost.dev/api) keeps its other
    // exposures: the worker merges the route in on its next poll (requested by the caller).
    const merged = Boolean(row && !row.gone_at && row.managed_by !== "signpost");
    if (!merged) {
      // A new or returning registration says "registered"; a replaced one changes the API.
      await saveApiChanges(client, [api], [], { createdType: "api.registered", restoredType: "api.registered", updatedType: row ? "api.updated" : "api.registered" });
    } else {
      await lockEventLog(client);
      await client.query(
        `INSERT INTO change_events (type, api_id, api_key, api_name, team, cluster, diff) VALUES ('api.registered', $1, $2, $3, $4, NULL, $5)`,
        [row.id, key, api.name, api.team, JSON.stringify({ before: null, after: { gateway: input.reg.gateway, route: input.reg.name } })],
      );
    }
    const { rows } = await client.query<{ id: string }>(
      `UPDATE apis SET registered_by = $2, registered_at = now() WHERE key = $1 RETURNING id`,
      [key, input.actor],
    );
    await refreshApiDocs(client, rows.map((r) => r.id));
    await client.query(
      `INSERT INTO registrations (id, name, gateway, microservice, team, spec, kong_service_id, kong_route_id, origin, registered_by, applied, created_at, updated_at, deleted_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10::jsonb, now(), now(), NULL)
       ON CONFLICT (gateway, name) DO UPDATE SET microservice = EXCLUDED.microservice, team = EXCLUDED.team, spec = EXCLUDED.spec,
         kong_service_id = EXCLUDED.kong_service_id, kong_route_id = EXCLUDED.kong_route_id, origin = EXCLUDED.origin,
         registered_by = EXCLUDED.registered_by, applied = EXCLUDED.applied, drift = NULL, drift_checked_at = NULL,
         updated_at = now(), deleted_at = NULL`,
      [
        input.reg.name, input.reg.gateway, input.reg.microservice ?? null, input.reg.team ?? null, JSON.stringify(input.reg), input.kong?.serviceId ?? null,
        input.kong?.routeId ?? null, input.origin, input.actor, JSON.stringify(input.applied),
      ],
    );
    await input.intent.finish(client);
    await client.query(`INSERT INTO audit_log (actor, action, target, before, after) VALUES ($1, 'api.register', $2, NULL, $3::jsonb)`, [
      input.actor,
      `${key}@${input.reg.gateway}`,
      JSON.stringify(redact({ ...input.reg, origin: input.origin, ...(input.kong ? { kongServiceId: input.kong.serviceId, kongRouteId: input.kong.routeId } : { applied: input.applied }) })),
    ]);
    // Only a merge needs the worker at once; otherwise its next poll finds the API as shown here
    // (a full poll of a 100k-route gateway costs the worker seconds of CPU per registration).
    if (merged) await client.query(`UPDATE sources SET resync_requested_at = now() WHERE kind = 'gateway' AND name = $1`, [input.reg.gateway]);
    await client.query("COMMIT");
    return { apiId: rows[0].id, created: !row || Boolean(row.gone_at) };
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}
