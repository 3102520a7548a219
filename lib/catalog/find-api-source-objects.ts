// The source objects behind an API as Signpost last synced them (source_objects): its Services,
// Ingresses and HTTPRoutes, the EndpointSlices of its Services, and its gateway routes with
// their Kong services. For editors and admins (the API page and REST check seesInternals);
// secret-looking values are replaced before anything leaves this module.
import type pg from "pg";
import { stringify } from "yaml";
import type { TApi } from "../api/schemas/api";
import { redactSecrets } from "../util/redact-secrets";
import { servicesOfApi } from "./find-api-endpoints";

type Queryable = Pick<pg.Pool, "query">;

export type SourceObjectKind = "Service" | "Ingress" | "HTTPRoute" | "EndpointSlice" | "KongRoute" | "KongService";

export type ApiSourceObject = {
  kind: SourceObjectKind;
  /** cluster name, or gateway name for Kong entities */
  source: string;
  namespace: string | null;
  /** object name, or the Kong entity id */
  name: string;
  updatedAt: string;
  /** the object as YAML, secrets replaced */
  yaml: string;
};

type Ref = { sourceKind: "cluster" | "gateway"; source: string; kind: SourceObjectKind; namespace: string; name: string };
type Row = { source: string; kind: SourceObjectKind; namespace: string; name: string; uid: string | null; version: string | null; labels: unknown; annotations: unknown; data: Record<string, unknown>; updatedAt: string };


/** The live source objects of `api`, each as YAML: Services, Ingresses, HTTPRoutes, EndpointSlices, Kong routes and services. */
export async function findApiSourceObjects(db: Queryable, api: Pick<TApi, "exposures">): Promise<ApiSourceObject[]> {
  const refs = new Map<string, Ref>();
  const add = (r: Ref) => refs.set(`${r.sourceKind}/${r.source}/${r.kind}/${r.namespace}/${r.name}`, r);
  for (const e of api.exposures) {
    const s = e.source;
    if (s.kind === "KongRoute") {
      const routeId = typeof e.details.routeId === "string" ? e.details.routeId : null;
      if (routeId) add({ sourceKind: "gateway", source: s.cluster, kind: "KongRoute", namespace: "", name: routeId });
    } else if (s.namespace) {
      add({ sourceKind: "cluster", source: s.cluster, kind: s.kind, namespace: s.namespace, name: s.name });
    }
  }
  const direct = await readRefs(db, [...refs.values()]);
  // a route's Kong service, and each Service's EndpointSlices
  const kongServices = direct
    .filter((r) => r.kind === "KongRoute" && typeof r.data.serviceId === "string")
    .map((r) => ({ sourceKind: "gateway" as const, source: r.source, kind: "KongService" as const, namespace: "", name: r.data.serviceId as string }));
  const [services, slices] = await Promise.all([readRefs(db, dedupe(kongServices)), readSlices(db, api)]);
  const order: SourceObjectKind[] = ["KongRoute", "KongService", "Ingress", "HTTPRoute", "Service", "EndpointSlice"];
  return [...direct, ...services, ...slices]
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.source.localeCompare(b.source) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
    .map(toSourceObject);
}

async function readRefs(db: Queryable, refs: Ref[]): Promise<Row[]> {
  if (!refs.length) return [];
  const { rows } = await db.query<Row>(
    `SELECT s.name AS source, o.kind, o.namespace, o.name, o.uid, o.version, o.labels, o.annotations, o.data,
            to_char(o.updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
     FROM source_objects o JOIN sources s ON s.id = o.source_id
     JOIN jsonb_to_recordset($1::jsonb) AS w("sourceKind" text, source text, kind text, namespace text, name text)
       ON s.kind = w."sourceKind" AND s.name = w.source AND o.kind = w.kind AND o.namespace = w.namespace AND o.name = w.name
     WHERE o.gone_at IS NULL`,
    [JSON.stringify(refs)],
  );
  return rows;
}

async function readSlices(db: Queryable, api: Pick<TApi, "exposures">): Promise<Row[]> {
  const services = servicesOfApi(api);
  if (!services.length) return [];
  const { rows } = await db.query<Row>(
    `SELECT s.name AS source, o.kind, o.namespace, o.name, o.uid, o.version, o.labels, o.annotations, o.data,
            to_char(o.updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
     FROM source_objects o JOIN sources s ON s.id = o.source_id
     JOIN jsonb_to_recordset($1::jsonb) AS w(cluster text, namespace text, name text)
       ON s.kind = 'cluster' AND s.name = w.cluster AND o.namespace = w.namespace AND o.data->>'serviceName' = w.name
     WHERE o.kind = 'EndpointSlice' AND o.gone_at IS NULL`,
    [JSON.stringify(services)],
  );
  return rows;
}

function dedupe(refs: Ref[]): Ref[] {
  return [...new Map(refs.map((r) => [`${r.source}/${r.kind}/${r.name}`, r])).values()];
}

function toSourceObject(r: Row): ApiSourceObject {
  // What the slim record repeats of the metadata is shown once, under metadata.
  const { cluster: _c, gateway: _g, namespace: _n, name: _m, uid: _u, labels: _l, annotations: _a, ...synced } = r.data;
  void [_c, _g, _n, _m, _u, _l, _a];
  const kong = r.kind === "KongRoute" || r.kind === "KongService";
  const doc = {
    kind: r.kind,
    metadata: {
      ...(kong ? { gateway: r.source, id: r.name, ...(typeof r.data.name === "string" ? { name: r.data.name } : {}) } : { cluster: r.source, namespace: r.namespace || undefined, name: r.name }),
      ...(r.uid && !kong ? { uid: r.uid } : {}),
      ...(r.version ? { resourceVersion: r.version } : {}),
      ...(isNonEmpty(r.labels) ? { labels: r.labels } : {}),
      ...(isNonEmpty(r.annotations) ? { annotations: r.annotations } : {}),
    },
    synced: kong ? Object.fromEntries(Object.entries(synced).filter(([k]) => k !== "id")) : synced,
  };
  return {
    kind: r.kind,
    source: r.source,
    namespace: r.namespace || null,
    name: r.name,
    updatedAt: r.updatedAt,
    yaml: stringify(redactSecrets(doc), { lineWidth: 0 }),
  };
}

function isNonEmpty(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.keys(v).length > 0;
}
