// GET /api/v1/export/backstage - the catalog as Backstage catalog-info.yaml entities (streamed YAML)
import { route } from "@/lib/api/route";
import { otherMethods } from "@/lib/api/other-methods";
import { backstageExportResponse } from "@/lib/backstage/stream-backstage-export";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read" }, async ({ req }) => backstageExportResponse(getDb().pool, new URL(req.url).origin));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
