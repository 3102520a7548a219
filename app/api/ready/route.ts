// GET /api/ready - readiness: 200 when the database answers (sources reported in the body), 503 otherwise
import { route, json } from "@/lib/api/route";
import { readiness } from "@/lib/web/readiness-check";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "public" }, async () => {
  const r = await readiness(getDb().pool);
  return json(r, r.status === "unavailable" ? 503 : 200, { "cache-control": "no-store" });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
