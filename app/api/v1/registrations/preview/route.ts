// POST /api/v1/registrations/preview - validation, conflicts and proxy URL of a registration,
// without registering anything (editor)
import { route } from "@/lib/api/route";
import { z } from "zod";
import { previewRegistration } from "@/lib/registry/preview-registration";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { ZRegistration } from "@/lib/api/schemas/registration";
import { teamScopeRefusal } from "@/lib/auth/check-team-scope";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const POST = route({ access: "editor", body: z.unknown() }, async ({ body, actor }) => {
  const config = loadConfig();
  const preview = await previewRegistration(body, { db: getDb(), gateways: config.gateways, clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN });
  // A team-scoped editor is told before submitting what its scope does not cover.
  const parsed = ZRegistration.safeParse(body);
  const refusal = parsed.success ? await teamScopeRefusal(getDb().prisma, actor, { action: "api.register", registration: parsed.data }) : null;
  return refusal ? { ...preview, valid: false, issues: [...preview.issues, refusal] } : preview;
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
