// GET /api/v1/sources - every cluster and gateway with its state and freshness (endpoints and
// raw errors for editors and admins only)
import { route } from "@/lib/api/route";
import { listSources } from "@/lib/sources/list-sources";
import { sourcesFor } from "@/lib/sources/redact-source";
import { seesInternals } from "@/lib/auth/sees-internals";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read" }, async ({ actor }) => ({ data: sourcesFor(await listSources(getDb().prisma), seesInternals(actor)) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
