// Writes API rows (one statement per batch) and returns what the REST documents need of each.
import type pg from "pg";
import type { DerivedApi } from "./types";
import type { ApiRowMeta } from "./api-docs";
import { ownerInfoOf } from "./owner";

/**
 * Inserts `apis` or updates their rows; a row found for a key of `fresh` (one the caller read as
 * absent: another transaction inserted it since) is left as it is and not returned.
 */
export async function upsertApiRows(
  client: pg.PoolClient | pg.Client,
  apis: DerivedApi[],
  fresh: string[],
): Promise<(Omit<ApiRowMeta, "goneAt"> & { key: string })[]> {
  const iso = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const res = await client.query<Omit<ApiRowMeta, "goneAt"> & { key: string }>(
    `INSERT INTO apis (id, key, name, microservice, team, owner, owner_description, owner_links, cluster, namespace, exposure_mode, proxy_url, modes, gateways,
                       managed_by, labels, annotations, ready_pods, total_pods, search_text, content_hash, event_hash,
                       created_at, updated_at, gone_at)
     SELECT gen_random_uuid(), u.key, u.name, u.microservice, u.team, u.owner, u.owner_description, coalesce(u.owner_links, '[]'::jsonb), u.cluster, u.namespace, u.exposure_mode, u.proxy_url,
            ARRAY(SELECT jsonb_array_elements_text(u.modes)), ARRAY(SELECT jsonb_array_elements_text(u.gateways)),
            u.managed_by, u.labels, u.annotations, u.ready_pods, u.total_pods, u.search_text, u.content_hash,
            u.event_hash, now(), now(), NULL
     FROM jsonb_to_recordset($1::jsonb) AS u(key text, name text, microservice text, team text, owner text, owner_description text, owner_links jsonb, cluster text, namespace text,
            exposure_mode text, proxy_url text, modes jsonb, gateways jsonb, managed_by text, labels jsonb, annotations jsonb,
            ready_pods int, total_pods int, search_text text, content_hash text, event_hash text)
     ON CONFLICT (key) DO UPDATE SET
       name = EXCLUDED.name, microservice = EXCLUDED.microservice, team = EXCLUDED.team, owner = EXCLUDED.owner,
       owner_description = EXCLUDED.owner_description, owner_links = EXCLUDED.owner_links, cluster = EXCLUDED.cluster,
       namespace = EXCLUDED.namespace, exposure_mode = EXCLUDED.exposure_mode, proxy_url = EXCLUDED.proxy_url,
       modes = EXCLUDED.modes, gateways = EXCLUDED.gateways, managed_by = EXCLUDED.managed_by, labels = EXCLUDED.labels,
       annotations = EXCLUDED.annotations, ready_pods = EXCLUDED.ready_pods, total_pods = EXCLUDED.total_pods,
       search_text = EXCLUDED.search_text, content_hash = EXCLUDED.content_hash, event_hash = EXCLUDED.event_hash,
       updated_at = now(), gone_at = NULL
       WHERE apis.key <> ALL($2::text[])
     RETURNING id, key, ${iso("created_at")} AS "createdAt", ${iso("updated_at")} AS "updatedAt", registered_by AS "registeredBy",
               ${iso("registered_at")} AS "registeredAt"`,
    [
      JSON.stringify(
        apis.map((a) => ({
          key: a.key,
          name: a.name,
          microservice: a.microservice,
          team: a.team,
          ...ownerColumns(a),
          cluster: a.cluster,
          namespace: a.namespace,
          exposure_mode: a.exposureMode,
          proxy_url: a.proxyUrl,
          modes: a.modes,
          gateways: a.gateways,
          managed_by: a.managedBy,
          labels: a.labels,
          annotations: a.annotations,
          ready_pods: a.readyPods,
          total_pods: a.totalPods,
          search_text: a.searchText,
          content_hash: a.contentHash,
          event_hash: a.eventHash,
        })),
      ),
      fresh,
    ],
  );
  return res.rows;
}

/** The owner columns of an API, from its annotations (lib/catalog/owner.ts). */
function ownerColumns(a: DerivedApi): { owner: string | null; owner_description: string | null; owner_links: unknown[] } {
  const info = ownerInfoOf(a.annotations);
  return { owner: info.owner, owner_description: info.description, owner_links: info.links };
}
