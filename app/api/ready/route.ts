// GET /api/ready - readiness: 200 when the database answers (sources reported in the body), 503 otherwise.
// The database's error text is for editors and admins; the sources for whoever may read.
import { route, json } from "@/lib/api/route";
import { readiness } from "@/lib/web/readiness-check";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { seesInternals } from "@/lib/auth/sees-internals";
import { logger } from "@/lib/log";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "optional" }, async ({ actor }) => {
  const r = await readiness(getDb().pool);
  if (r.database.error) logger.warn("readiness: database check failed", { error: r.database.error });
  const body = {
    ...r,
    database: seesInternals(actor) || !r.database.error ? r.database : { ok: false, error: "the database did not answer (details in the server log)" },
    sources: actor || loadConfig().SIGNPOST_PUBLIC_READ ? r.sources : [],
  };
  return json(body, r.status === "unavailable" ? 503 : 200, { "cache-control": "no-store" });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
