-- AlterTable
ALTER TABLE "registrations" ADD COLUMN     "applied" JSONB,
ADD COLUMN     "drift" JSONB,
ADD COLUMN     "drift_checked_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "registration_intents" (
    "gateway" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "spec" JSONB,
    "previous" JSONB,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registration_intents_pkey" PRIMARY KEY ("gateway","name")
);

-- CreateIndex
CREATE INDEX "registration_intents_expires_at_idx" ON "registration_intents"("expires_at");

