-- AlterTable
ALTER TABLE "apis" ADD COLUMN     "owner" TEXT,
ADD COLUMN     "owner_description" TEXT,
ADD COLUMN     "owner_links" JSONB NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "apis_owner_name_idx" ON "apis"("owner", "name");


-- The REST shape of one API gains its owner, description and links (lib/api/schemas/api.ts).
CREATE OR REPLACE FUNCTION signpost_api_doc(a apis) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'key', a.key, 'name', a.name, 'microservice', a.microservice, 'team', a.team,
    'owner', a.owner, 'description', a.owner_description, 'links', coalesce(a.owner_links, '[]'::jsonb),
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

-- Every stored document gets the new fields (empty until the worker rewrites an annotated API:
-- its content hash covers them, so the first sync after this migration fills them in).
UPDATE "api_docs" d SET doc = signpost_api_doc(a) FROM "apis" a WHERE a.id = d.api_id;
