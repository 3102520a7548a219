// Deregisters what Signpost registered: its plugins, the route, then the service, on every gateway
// the API was registered on. Refuses (409) APIs Signpost did not create. Like registration, one
// change of a name at a time, and a failure puts the gateway back as it was.
import type { Db } from "../db/client";
import type { Api, Registration } from "../db/generated/client";
import type { TGatewayConfig } from "../env";
import { ApiError } from "../api/errors";
import { removeKongState } from "./kong-state";
import type { Intent } from "./registration-intent";
import { changeRegistration, type StateDriver } from "./change-registration";
import { clusterDriver, kongDriver } from "./state-drivers";
import { foreignObject, removeClusterState } from "./cluster-state";
import { writableCluster, type AppliedClusterState } from "./register-through-cluster";
import { kubeFailure } from "./kube-failure";
import { MANAGED_BY_LABEL } from "../k8s/registration-objects";
import { kongTarget } from "./resolve-gateway";
import { kongFailure } from "./kong-failure";
import { lockEventLog } from "../catalog/lock-event-log";
import { refreshApiDocs } from "../catalog/api-docs";

/** What deregistering an API removes: its row and its live registrations (one per gateway). */
export type DeregistrationTargets = {
  api: Api;
  registrations: Registration[];
};

/**
 * The registrations deregistering the API with this id would remove (of `gateway` only, when
 * given); 404 for an unknown API, 409 when Signpost did not register it or a gateway is no longer
 * configured. Changes nothing: deregisterApi acts on it, dry runs show it.
 */
export async function deregistrationTargets(apiId: string, o: { db: Db; gateways: TGatewayConfig[]; gateway?: string }): Promise<DeregistrationTargets> {
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
    if (!o.gateways.some((g) => g.name === reg.gateway)) throw new ApiError("conflict", `API ${api.name} is registered on gateway "${reg.gateway}", which is no longer configured`);
  }
  return { api, registrations: regs };
}

/** Deregisters the API with this id. */
export async function deregisterApi(apiId: string, o: { db: Db; gateways: TGatewayConfig[]; actor: string; gateway?: string }): Promise<void> {
  const { api, registrations: regs } = await deregistrationTargets(apiId, o);
  for (const reg of regs) {
    const gw = o.gateways.find((g) => g.name === reg.gateway)!;
    const applied = reg.applied as AppliedClusterState | { service: unknown } | null;
    const last = regs.length === 1;
    const change = { op: "deregister" as const, spec: null, actor: o.actor };
    const key = { gateway: reg.gateway, name: reg.name };
    try {
      if (applied && "via" in applied) {
        await deregisterFromCluster(o, { key, change, registrationId: reg.id, api, applied, last });
        continue;
      }
      const target = kongTarget(gw);
      // Only what still carries Signpost's tag is deleted: someone may have taken the name over.
      await changeRegistration(o.db, o.gateways, key, change, kongDriver(target, reg.name), {
        write: async (current, intent) => {
          await removeKongState(target, current);
          await markDeregistered(o.db, { registrationId: reg.id, api, gateway: reg.gateway, actor: o.actor, last, intent });
        },
      });
    } catch (err) {
      throw kubeFailure(kongFailure(err, gw.name));
    }
  }
}

type Deregistration = {
  key: { gateway: string; name: string };
  change: { op: "deregister"; spec: null; actor: string };
  registrationId: string;
  api: ApiRow;
  applied: AppliedClusterState;
  last: boolean;
};

/** Deletes the registration's objects from the cluster (only Signpost's: 409 for anything else). */
async function deregisterFromCluster(o: { db: Db; gateways: TGatewayConfig[]; actor: string }, d: Deregistration): Promise<void> {
  const { applied } = d;
  const mark = (intent: Intent) => markDeregistered(o.db, { registrationId: d.registrationId, api: d.api, gateway: d.key.gateway, actor: o.actor, last: d.last, intent });
  if (applied.via === "manifest") {
    // Signpost applied nothing: what a GitOps tool applied from the manifest is removed there.
    const applied_ = await manifestApplied(o.db, applied, d.key.name);
    if (applied_) {
      throw new ApiError("conflict", `"${d.key.name}" was registered as a manifest and its ${applied_} is in cluster "${applied.cluster}": remove the manifest from where it is applied (Signpost does not delete what it did not write)`);
    }
    await changeRegistration(o.db, o.gateways, d.key, d.change, NOTHING, { write: (_, intent) => mark(intent) });
    return;
  }
  const target = writableCluster(applied.cluster, applied.namespace);
  const kongPlugins = applied.objects.some((x) => x.resource === "kongplugins");
  await changeRegistration(o.db, o.gateways, d.key, d.change, clusterDriver(target, applied.namespace, d.key.name, kongPlugins), {
    check: (current) => {
      const foreign = foreignObject(current);
      if (foreign) {
        throw new ApiError("conflict", `the ${foreign.kind} ${applied.namespace}/${foreign.metadata.name} in cluster "${applied.cluster}" is no longer Signpost's (its ${MANAGED_BY_LABEL} label changed); Signpost only deletes what it manages`);
      }
    },
    write: async (current, intent) => {
      await removeClusterState(target, current);
      await mark(intent);
    },
  });
}

/** The kind of the registration's object when the cluster's sync holds it (the manifest was applied). */
async function manifestApplied(db: Db, applied: AppliedClusterState, name: string): Promise<string | null> {
  const { rows } = await db.pool.query<{ kind: string }>(
    `SELECT o.kind FROM source_objects o JOIN sources s ON s.id = o.source_id
      WHERE s.kind = 'cluster' AND s.name = $1 AND o.namespace = $2 AND o.name = $3 AND o.kind IN ('Ingress', 'HTTPRoute') AND o.gone_at IS NULL
        AND o.labels->>'${MANAGED_BY_LABEL}' = 'signpost'`,
    [applied.cluster, applied.namespace, name],
  );
  return rows[0]?.kind ?? null;
}

const NOTHING: StateDriver<null> = { where: "the database", read: async () => null, restore: async () => {}, record: () => ({}) };

type ApiRow = { id: string; key: string; name: string; team: string | null; cluster: string | null; managedBy: string };

async function markDeregistered(
  db: Db,
  d: {
    registrationId: string;
    api: ApiRow;
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
    const goneNow = last && api.managedBy === "signpost";
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
