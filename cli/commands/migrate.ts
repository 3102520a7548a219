// `signpost migrate`: applies pending migrations to DATABASE_URL and exits.
import { loadConfig } from "../../lib/env";
import { migrate } from "../../lib/db/migrate";
import { CliError, EXIT } from "../fail";

export async function run(): Promise<void> {
  const { DATABASE_URL } = loadConfig();
  if (!DATABASE_URL) throw new CliError("DATABASE_URL is not set", EXIT.config);
  const r = await migrate(DATABASE_URL);
  process.stdout.write(r.applied.length ? `applied: ${r.applied.join(", ")}\n` : `database is up to date (${r.alreadyApplied} migrations)\n`);
}
