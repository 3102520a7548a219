// GET /api/health - liveness: ok once the server runs and migrations were applied
import { route, json } from "@/lib/api/route";
import { webReadiness } from "@/lib/web/readiness";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "public" }, async () => {
  const r = webReadiness();
  return r.ready ? { status: "ok" } : json({ status: "starting", error: r.error ?? null }, 503);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
