// GET /api/ready - readiness: 200 when the database answers (sources reported in the body), 503 otherwise
import { route, json } from "@/lib/api/route";
import { readiness } from "@/lib/web/readiness-check";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = route({ access: "public" }, async () => {
  const r = await readiness(getDb().pool);
  return json(r, r.status === "unavailable" ? 503 : 200, { "cache-control": "no-store" });
});
