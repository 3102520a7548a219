// POST /api/v1/apis/manifest - the Kubernetes manifest registering an API would apply (changes nothing)
import { route } from "@/lib/api/route";
import { otherMethods } from "@/lib/api/other-methods";
import { ZRegistration } from "@/lib/api/schemas/registration";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { registrationManifest } from "@/lib/registry/registration-manifest";

export const dynamic = "force-dynamic";

export const POST = route({ access: "read", body: ZRegistration }, async ({ body }) => {
  const m = await registrationManifest(body, { db: getDb(), gateways: loadConfig().gateways });
  return new Response(m.yaml, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `inline; filename="${body.name}.yaml"`,
      "signpost-register-via": m.via,
    },
  });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
