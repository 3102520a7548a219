// The API a registration through a cluster shows at once: derived by the catalog's own code from
// the Service and its endpoints as the cluster's sync holds them and the Ingress or HTTPRoute
// just written (or only planned, for a manifest), so the worker later finds nothing to change.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import { CatalogIndex, type IndexObject } from "../catalog/catalog-index";
import type { DerivedApi } from "../catalog/types";
import type { KubeObject } from "../k8s/kube-write";
import { reshapeIngress } from "../k8s/reshape/reshape-ingress";
import { reshapeHttpRoute } from "../k8s/reshape/reshape-httproute";
import { ApiError } from "../api/errors";

export async function deriveClusterRegisteredApi(
  db: Db,
  r: { cluster: string; namespace: string; service: string; route: KubeObject; gateway: TGatewayConfig; clusterDomain: string; manifest: boolean },
): Promise<DerivedApi> {
  const { rows } = await db.pool.query<{ kind: IndexObject["kind"]; data: unknown }>(
    `SELECT o.kind, o.data FROM source_objects o JOIN sources s ON s.id = o.source_id
      WHERE s.kind = 'cluster' AND s.name = $1 AND o.gone_at IS NULL AND (
        (o.kind = 'Service' AND o.namespace = $2 AND o.name = $3)
        OR (o.kind = 'EndpointSlice' AND o.namespace = $2 AND o.data->>'serviceName' = $3)
        OR o.kind IN ('IngressClass', 'Node') OR (o.kind = 'Gateway'))`,
    [r.cluster, r.namespace, r.service],
  );
  if (!rows.some((x) => x.kind === "Service")) {
    throw new ApiError("validation_failed", `upstream.service: no Service ${r.namespace}/${r.service} in cluster "${r.cluster}" is in the catalog`, {
      issues: [{ field: "body.upstream.service", message: "not in the catalog" }],
    });
  }
  const index = new CatalogIndex({ clusterDomain: () => r.clusterDomain });
  index.setGatewaySource({ name: r.gateway.name, proxyUrl: r.gateway.proxyUrl, cluster: r.gateway.cluster, dbless: true });
  for (const row of rows) index.upsert({ kind: row.kind, obj: row.data } as IndexObject);
  const shaped = r.route.kind === "HTTPRoute" ? reshapeHttpRoute(r.cluster, r.route) : reshapeIngress(r.cluster, r.route);
  if (!shaped.ok) throw new Error(`the ${r.route.kind} Signpost planned does not read back: ${shaped.error}`);
  index.upsert({ kind: r.route.kind, obj: shaped.value } as IndexObject);
  const name = r.route.metadata.name;
  const api = index.flush().upserted.find((a) => a.key === `api:${name}`);
  if (!api) throw new Error(`registration ${name} derived no API (does its path lead to the Service port?)`);
  if (!r.manifest) return api;
  // Not in the cluster until someone applies the manifest: marked so the worker, which cannot see
  // it yet, leaves it as it is rather than taking it for gone.
  // Its hashes differ from the applied object's, so the worker's first derivation of it is written.
  return {
    ...api,
    contentHash: `${api.contentHash}:manifest`,
    eventHash: `${api.eventHash}:manifest`,
    exposures: api.exposures.map((e) => ({ ...e, details: { ...e.details, pendingRegistration: true, waiting: "apply the manifest to the cluster" } })),
  };
}
