-- CreateTable
CREATE TABLE "api_scorecards" (
    "api_id" UUID NOT NULL,
    "level" TEXT NOT NULL,
    "failing" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "passed" INTEGER NOT NULL,
    "required" INTEGER NOT NULL,
    "checks" JSONB NOT NULL DEFAULT '[]',
    "summary" TEXT NOT NULL,
    "config_hash" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_scorecards_pkey" PRIMARY KEY ("api_id")
);

-- CreateIndex
CREATE INDEX "api_scorecards_failing_idx" ON "api_scorecards" USING GIN ("failing");

-- CreateIndex
CREATE INDEX "api_scorecards_level_idx" ON "api_scorecards"("level");

-- AddForeignKey
ALTER TABLE "api_scorecards" ADD CONSTRAINT "api_scorecards_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

