// Prisma 6.19 config for generating migration SQL offline with the WebAssembly schema engine.
// The adapter is required by `engine: "js"` but `migrate diff` between two datamodels never connects.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "../../prisma/schema.prisma",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" });
  },
});
