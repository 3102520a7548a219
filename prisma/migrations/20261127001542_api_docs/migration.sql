-- The read model: each API's REST representation is stored (api_docs.doc) and kept current by
-- every write, so lists and reads return stored text instead of assembling JSON per request.
-- The change-event snapshot moves next to it, which keeps the apis table narrow for scans.

-- CreateTable
CREATE TABLE "api_docs" (
    "api_id" UUID NOT NULL,
    "doc" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "api_docs_pkey" PRIMARY KEY ("api_id")
);

-- Documents stay inline and uncompressed (a few KiB): no TOAST work on each write and read.
ALTER TABLE "api_docs" SET (toast_tuple_target = 8160);

-- AddForeignKey
ALTER TABLE "api_docs" ADD CONSTRAINT "api_docs_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The REST shape of one API (lib/api/schemas/api.ts), exposures in rank order.
CREATE FUNCTION signpost_api_doc(a apis) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'key', a.key, 'name', a.name, 'microservice', a.microservice, 'team', a.team,
    'cluster', a.cluster, 'namespace', a.namespace, 'exposureMode', a.exposure_mode, 'proxyUrl', a.proxy_url,
    'modes', to_jsonb(coalesce(a.modes, '{}')), 'gateways', to_jsonb(coalesce(a.gateways, '{}')),
    'managedBy', a.managed_by, 'readyPods', a.ready_pods, 'totalPods', a.total_pods,
    'labels', a.labels, 'annotations', a.annotations, 'registeredBy', a.registered_by,
    'registeredAt', to_char(a.registered_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'createdAt', to_char(a.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updatedAt', to_char(a.updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'goneAt', to_char(a.gone_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'exposures', coalesce((
      SELECT jsonb_agg(jsonb_build_object('mode', e.mode, 'url', e.url, 'status', e.status,
        'source', jsonb_build_object('kind', e.source_kind, 'cluster', e.source_cluster,
                                     'namespace', e.source_namespace, 'name', e.source_name),
        'details', e.details) ORDER BY e.rank)
      FROM exposures e WHERE e.api_id = a.id), '[]'::jsonb)
  )::text
$$;

-- Backfill
INSERT INTO "api_docs" ("api_id", "doc", "snapshot") SELECT a.id, signpost_api_doc(a), a.snapshot FROM "apis" a;

-- AlterTable
ALTER TABLE "apis" DROP COLUMN "snapshot";

-- Filters and the "recently updated" order served by indexes at 100k APIs.
CREATE INDEX "apis_namespace_name_idx" ON "apis"("namespace", "name");
CREATE INDEX "apis_team_name_idx" ON "apis"("team", "name");
CREATE INDEX "apis_updated_at_id_idx" ON "apis"("updated_at", "id");
