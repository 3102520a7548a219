// Prisma 7 CLI configuration. Only `prisma generate` is used here: migrations are applied by the
// app itself (lib/db/migrate.ts) because Prisma's native schema engine cannot be downloaded offline.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/signpost" },
});
