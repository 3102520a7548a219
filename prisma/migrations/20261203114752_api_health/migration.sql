-- CreateTable
CREATE TABLE "api_health" (
    "api_id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "checked_at" TIMESTAMP(3) NOT NULL,
    "path" TEXT NOT NULL,
    "url" TEXT,
    "status" INTEGER,
    "latency_ms" INTEGER,
    "error" TEXT,
    "answered_by" JSONB,

    CONSTRAINT "api_health_pkey" PRIMARY KEY ("api_id")
);

-- CreateTable
CREATE TABLE "upstream_health" (
    "gateway" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "upstream_id" TEXT NOT NULL,
    "targets" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "checked_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "upstream_health_pkey" PRIMARY KEY ("gateway","name")
);

-- CreateIndex
CREATE INDEX "api_health_state_idx" ON "api_health"("state");

-- AddForeignKey
ALTER TABLE "api_health" ADD CONSTRAINT "api_health_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

