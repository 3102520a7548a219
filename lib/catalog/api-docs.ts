// The read model: api_docs.doc holds each API's REST representation. Every write to an API or
// its exposures refreshes it in the same transaction, so readers never see a stale document.
// Bulk writes build documents here, from the derived API and the row's identity and times;
// single-row changes (gone, registered) rebuild them in SQL (signpost_api_doc, see the
// api_docs migration). Tests hold both to the row through Prisma (tests/helpers/api-docs.ts).
import type pg from "pg";
import type { TApi } from "../api/schemas/api";
import type { EventSnapshot } from "./event-snapshot";
import type { DerivedApi } from "./types";
import { ownerInfoOf } from "./owner";

type Client = Pick<pg.PoolClient, "query">;

/** What the database adds to a derived API: identity and times (ISO strings). */
export type ApiRowMeta = { id: string; createdAt: string; updatedAt: string; registeredBy: string | null; registeredAt: string | null; goneAt: string | null };

/** The REST document of a derived API as stored. */
export function apiDoc(a: DerivedApi, m: ApiRowMeta): string {
  const info = ownerInfoOf(a.annotations);
  const doc: TApi = {
    id: m.id,
    key: a.key,
    name: a.name,
    microservice: a.microservice,
    team: a.team,
    owner: info.owner,
    description: info.description,
    links: info.links,
    cluster: a.cluster,
    namespace: a.namespace,
    exposureMode: a.exposureMode,
    proxyUrl: a.proxyUrl,
    modes: a.modes,
    gateways: a.gateways,
    managedBy: a.managedBy,
    readyPods: a.readyPods,
    totalPods: a.totalPods,
    labels: a.labels,
    annotations: a.annotations,
    registeredBy: m.registeredBy,
    registeredAt: m.registeredAt,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    goneAt: m.goneAt,
    exposures: a.exposures.map((e) => ({
      mode: e.mode,
      url: e.url,
      status: e.status,
      source: { kind: e.source.kind, cluster: e.source.cluster, namespace: e.source.namespace ?? null, name: e.source.name },
      details: e.details ?? {},
    })),
  };
  return JSON.stringify(doc);
}

/** Stores the documents and change-event snapshots of these APIs. */
export async function writeApiDocs(client: Client, docs: { id: string; doc: string; snapshot: EventSnapshot }[]): Promise<void> {
  if (!docs.length) return;
  await client.query(
    `INSERT INTO api_docs (api_id, doc, snapshot)
     SELECT u.id, u.doc, u.snapshot FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, doc text, snapshot jsonb)
     ON CONFLICT (api_id) DO UPDATE SET doc = EXCLUDED.doc, snapshot = EXCLUDED.snapshot`,
    [JSON.stringify(docs)],
  );
}

/** Rebuilds the documents of these APIs from their rows after a change (gone, registered). */
export async function refreshApiDocs(client: Client, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await client.query(`UPDATE api_docs d SET doc = signpost_api_doc(a) FROM apis a WHERE a.id = d.api_id AND a.id = ANY($1::uuid[])`, [ids]);
}
