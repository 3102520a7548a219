-- CreateTable
CREATE TABLE "api_contract_versions" (
    "id" BIGSERIAL NOT NULL,
    "api_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "openapi" TEXT NOT NULL,
    "document" BYTEA NOT NULL,
    "breaking" JSONB NOT NULL DEFAULT '[]',
    "origin" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_contract_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_contracts" (
    "api_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "source_url" TEXT,
    "fetch_etag" TEXT,
    "fetched_at" TIMESTAMP(3),
    "fetch_error" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_contracts_pkey" PRIMARY KEY ("api_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_contract_versions_api_key_version_key" ON "api_contract_versions"("api_key", "version");

-- CreateIndex
CREATE INDEX "api_contracts_search_text_trgm_idx" ON "api_contracts" USING GIN ("search_text" gin_trgm_ops);

