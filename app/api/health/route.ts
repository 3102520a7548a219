// GET /api/health - liveness: ok once the server runs and migrations were applied (why it is not,
// for editors and admins; the server log has it for everyone else)
import { route, json } from "@/lib/api/route";
import { webReadiness } from "@/lib/web/readiness";
import { seesInternals } from "@/lib/auth/sees-internals";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "optional" }, async ({ actor }) => {
  const r = webReadiness();
  if (r.ready) return { status: "ok" };
  return json({ status: "starting", error: seesInternals(actor) ? (r.error ?? null) : null }, 503);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
