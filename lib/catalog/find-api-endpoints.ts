// Where an API runs: the endpoints behind each of its Services, from the EndpointSlices the
// worker synced (source_objects), with pod, node, zone, conditions and addresses.
import type pg from "pg";
import type { TApi } from "../api/schemas/api";
import type { EndpointSliceInfo } from "./types";

type Queryable = Pick<pg.Pool, "query">;

export type ServiceRef = { cluster: string; namespace: string; name: string };

/** One endpoint as shown: conditions resolved (serving defers to ready, terminating defaults to false). */
export type ApiEndpoint = {
  slice: string;
  addresses: string[];
  pod: string | null;
  node: string | null;
  zone: string | null;
  hostname: string | null;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
};

export type ServiceEndpoints = { service: ServiceRef; endpoints: ApiEndpoint[] };

/** The Kubernetes Services an API's exposures come from (each once, in the API's order). */
export function servicesOfApi(api: Pick<TApi, "exposures">): ServiceRef[] {
  const seen = new Map<string, ServiceRef>();
  for (const e of api.exposures) {
    if (e.source.kind !== "Service" || !e.source.namespace) continue;
    const ref = { cluster: e.source.cluster, namespace: e.source.namespace, name: e.source.name };
    seen.set(`${ref.cluster}/${ref.namespace}/${ref.name}`, ref);
  }
  return [...seen.values()];
}

/** The live endpoints behind each Service of `api` (a Service without slices has none). */
export async function findApiEndpoints(db: Queryable, api: Pick<TApi, "exposures">): Promise<ServiceEndpoints[]> {
  const services = servicesOfApi(api);
  if (!services.length) return [];
  const { rows } = await db.query<{ cluster: string; namespace: string; service: string; name: string; data: EndpointSliceInfo }>(
    `SELECT s.name AS cluster, o.namespace, o.data->>'serviceName' AS service, o.name, o.data
     FROM source_objects o JOIN sources s ON s.id = o.source_id
     JOIN jsonb_to_recordset($1::jsonb) AS w(cluster text, namespace text, name text)
       ON s.kind = 'cluster' AND s.name = w.cluster AND o.namespace = w.namespace AND o.data->>'serviceName' = w.name
     WHERE o.kind = 'EndpointSlice' AND o.gone_at IS NULL
     ORDER BY o.name`,
    [JSON.stringify(services)],
  );
  return services.map((service) => ({
    service,
    endpoints: rows
      .filter((r) => r.cluster === service.cluster && r.namespace === service.namespace && r.service === service.name)
      .flatMap((r) => (r.data.endpoints ?? []).map((e) => toEndpoint(r.name, e)))
      .sort((a, b) => (a.pod ?? a.addresses[0] ?? "").localeCompare(b.pod ?? b.addresses[0] ?? "")),
  }));
}

function toEndpoint(slice: string, e: EndpointSliceInfo["endpoints"][number]): ApiEndpoint {
  return {
    slice,
    addresses: e.addresses ?? [],
    pod: e.pod ?? null,
    node: e.node ?? null,
    zone: e.zone ?? null,
    hostname: e.hostname ?? null,
    ready: e.ready,
    serving: e.serving ?? e.ready,
    terminating: e.terminating === true,
  };
}
