// POST /api/v1/registrations/preview - validation, conflicts and proxy URL of a registration,
// without registering anything (editor)
import { route } from "@/lib/api/route";
import { z } from "zod";
import { previewRegistrationAs } from "@/lib/registry/preview-registration";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const POST = route({ access: "editor", body: z.unknown() }, async ({ body, actor }) => {
  const config = loadConfig();
  // A team-scoped editor is told before submitting what its scope does not cover.
  return previewRegistrationAs(body, actor, { db: getDb(), gateways: config.gateways, clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
