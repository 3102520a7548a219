-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN     "disabled_reason" TEXT,
ADD COLUMN     "failing_since" TIMESTAMP(3);

