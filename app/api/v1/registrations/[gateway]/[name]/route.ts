// PUT /api/v1/registrations/{gateway}/{name} - create or replace a registration (editor)
// DELETE /api/v1/registrations/{gateway}/{name} - deregister it from that gateway (editor)
import { json, route } from "@/lib/api/route";
import { ApiError } from "@/lib/api/errors";
import { ZRegistration } from "@/lib/api/schemas/registration";
import { ZRegistrationParams } from "@/lib/api/schemas/registration-record";
import { getApi } from "@/lib/catalog/get-api";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { registerApi } from "@/lib/registry/register-api";
import { deregisterApi } from "@/lib/registry/deregister-api";
import { registrationOrigin } from "@/lib/registry/registration-origin";
import { assertTeamScope } from "@/lib/auth/check-team-scope";
import { otherMethods } from "@/lib/api/other-methods";
import { registrationMaxBody, saveRegistrationContract, splitRegistrationSpec } from "@/lib/contracts/registration-contract";

export const dynamic = "force-dynamic";

export const PUT = route({ access: "editor", params: ZRegistrationParams, body: ZRegistration, maxBody: registrationMaxBody }, async ({ params, body, actor, req }) => {
  if (body.name !== params.name || (body.gateway && body.gateway !== params.gateway)) {
    throw new ApiError("validation_failed", "body.name and body.gateway must match the path", { issues: [{ field: "body.name", message: "must match the path" }] });
  }
  const config = loadConfig();
  const db = getDb();
  await assertTeamScope(db.prisma, actor, { action: "api.register", registration: { ...body, gateway: params.gateway } });
  const { registration, contract } = await splitRegistrationSpec(body, config.SIGNPOST_SPEC_MAX_BYTES);
  const r = await registerApi({ ...registration, gateway: params.gateway }, {
    db, gateways: config.gateways, clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN, actor: actor!.name, origin: registrationOrigin(req), replace: true,
  });
  await saveRegistrationContract(db.pool, registration.name, contract, actor!.name, registrationOrigin(req));
  return json(await getApi(db.prisma, r.apiId), r.status);
});

export const DELETE = route({ access: "editor", params: ZRegistrationParams }, async ({ params, actor }) => {
  const db = getDb();
  const api = await db.prisma.api.findUnique({ where: { key: `api:${params.name}` } });
  const reg = await db.prisma.registration.findUnique({ where: { gateway_name: { gateway: params.gateway, name: params.name } } });
  if (!api || !reg || reg.deletedAt) throw new ApiError("not_found", `no registration "${params.name}" on gateway "${params.gateway}"`);
  await assertTeamScope(db.prisma, actor, { action: "api.deregister", apiId: api.id, gateway: params.gateway });
  await deregisterApi(api.id, { db, gateways: loadConfig().gateways, actor: actor!.name, gateway: params.gateway });
  return new Response(null, { status: 204 });
});

export const { GET, HEAD, POST, PATCH, OPTIONS } = otherMethods("PUT", "DELETE");
