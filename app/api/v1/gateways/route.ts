// GET /api/v1/gateways - the configured gateways (registration targets)
import { route } from "@/lib/api/route";
import { listGateways } from "@/lib/registry/list-gateways";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read" }, async () => ({ data: await listGateways(getDb().prisma, loadConfig().gateways) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
