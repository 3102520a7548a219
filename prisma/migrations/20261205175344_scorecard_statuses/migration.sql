-- A stored scorecard keeps each check's status by id; readers write titles, reasons and fixes
-- from the API's document, under the configuration kept in scorecard_configs
-- (lib/scorecards/save-scorecards.ts, lib/catalog/get-api.ts).
ALTER TABLE "api_scorecards" ALTER COLUMN "checks" SET DEFAULT '{}';

CREATE TABLE "scorecard_configs" (
    "hash" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scorecard_configs_pkey" PRIMARY KEY ("hash")
);

-- Stored checks become {id: status}. The configurations they were computed under are not known
-- here: their hashes are cleared, so the worker rescores them (rescoreStale) and stores its
-- configuration; until then a reader writes them under its own.
UPDATE "api_scorecards"
SET "checks" = coalesce((SELECT jsonb_object_agg(c->>'id', c->>'status') FROM jsonb_array_elements("checks") AS c), '{}'::jsonb),
    "config_hash" = ''
WHERE jsonb_typeof("checks") = 'array';
