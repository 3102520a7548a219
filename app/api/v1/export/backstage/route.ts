// GET /api/v1/export/backstage - the catalog as Backstage catalog-info.yaml entities (streamed YAML)
import { route } from "@/lib/api/route";
import { otherMethods } from "@/lib/api/other-methods";
import { backstageExportResponse } from "@/lib/backstage/stream-backstage-export";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// Links back use the address the caller used (the Host it sent), as a Backstage reading the export sees Signpost.
export const GET = route({ access: "read" }, async ({ req }) => {
  const url = new URL(req.url);
  const host = req.headers.get("host") ?? url.host;
  return backstageExportResponse(getDb().pool, `${url.protocol}//${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : url.host}`);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
