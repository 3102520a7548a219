-- Registration checks a new route against the gateway's synced routes: an index on the paths of
-- Kong routes finds the few that share a path without reading every route (100k on big gateways).
CREATE INDEX "source_objects_kong_route_paths_idx" ON "source_objects" USING GIN (("data" -> 'paths')) WHERE "kind" = 'KongRoute';

-- Catalog pages walk live APIs in name or update order. The planner cannot take an order from an
-- index led by gone_at (IS NULL is not an equality), so with many gone APIs it read and dropped
-- them one by one (78k gone rows: 159 ms for a page of 50). These serve the live rows directly.
CREATE INDEX "apis_live_name_id_idx" ON "apis" ("name", "id") WHERE "gone_at" IS NULL;
CREATE INDEX "apis_live_updated_at_id_idx" ON "apis" ("updated_at", "id") WHERE "gone_at" IS NULL;
