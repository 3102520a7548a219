// Database rows -> the REST shape of an API.
import type { TApi } from "../api/schemas/api";
import type { Api, Exposure } from "../db/generated/client";

/** Maps an API row with its exposures (ordered by rank) to its REST shape. */
export function toApiDto(row: Api & { exposures: Exposure[] }): TApi {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    microservice: row.microservice,
    team: row.team,
    owner: row.owner,
    description: row.ownerDescription,
    links: (row.ownerLinks ?? []) as TApi["links"],
    cluster: row.cluster,
    namespace: row.namespace,
    exposureMode: row.exposureMode as TApi["exposureMode"],
    proxyUrl: row.proxyUrl,
    modes: (row.modes ?? []) as TApi["modes"],
    gateways: row.gateways ?? [],
    managedBy: row.managedBy as TApi["managedBy"],
    readyPods: row.readyPods,
    totalPods: row.totalPods,
    labels: (row.labels ?? {}) as Record<string, string>,
    annotations: (row.annotations ?? {}) as Record<string, string>,
    registeredBy: row.registeredBy,
    registeredAt: row.registeredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    goneAt: row.goneAt?.toISOString() ?? null,
    exposures: [...row.exposures]
      .sort((a, b) => a.rank - b.rank)
      .map((e) => ({
        mode: e.mode as TApi["exposureMode"],
        url: e.url,
        status: e.status as "ready" | "pending",
        source: {
          kind: e.sourceKind as TApi["exposures"][number]["source"]["kind"],
          cluster: e.sourceCluster,
          namespace: e.sourceNamespace,
          name: e.sourceName,
        },
        details: (e.details ?? {}) as Record<string, unknown>,
      })),
  };
}
