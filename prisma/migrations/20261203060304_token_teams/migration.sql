-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "teams" TEXT[] DEFAULT ARRAY[]::TEXT[];

