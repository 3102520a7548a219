// GET /api/v1/sources - every cluster and gateway with its state and freshness
import { route } from "@/lib/api/route";
import { listSources } from "@/lib/sources/list-sources";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read" }, async () => ({ data: await listSources(getDb().prisma) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
