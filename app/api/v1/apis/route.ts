// GET /api/v1/apis - list catalog APIs (search, filters, sort, cursor pagination, total; Accept: text/csv for all of them as CSV)
// POST /api/v1/apis - register an API on a gateway
import { json, rawJson, route } from "@/lib/api/route";
import { ZApiListQuery } from "@/lib/api/schemas/api";
import { ZRegistration } from "@/lib/api/schemas/registration";
import { cachedApiPageBody } from "@/lib/catalog/cached-facets";
import { streamApisCsv } from "@/lib/catalog/apis-csv";
import { getApi } from "@/lib/catalog/get-api";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { registerApi } from "@/lib/registry/register-api";
import { registrationOrigin } from "@/lib/registry/registration-origin";
import { assertTeamScope } from "@/lib/auth/check-team-scope";
import { otherMethods } from "@/lib/api/other-methods";
import { registrationMaxBody, saveRegistrationContract, splitRegistrationSpec } from "@/lib/contracts/registration-contract";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", query: ZApiListQuery }, async ({ query, req }) => {
  const pool = getDb().pool;
  if (wantsCsv(req.headers.get("accept"))) {
    return new Response(streamApisCsv(pool, query), {
      headers: { "content-type": "text/csv; charset=utf-8; header=present", "content-disposition": 'attachment; filename="apis.csv"', "cache-control": "no-store" },
    });
  }
  return rawJson(await cachedApiPageBody(pool, query));
});

/** CSV when the client names text/csv in Accept (a browser sending any type alone keeps JSON). */
function wantsCsv(accept: string | null): boolean {
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept ?? "");
}

export const POST = route({ access: "editor", body: ZRegistration, maxBody: registrationMaxBody }, async ({ body, actor, req }) => {
  const config = loadConfig();
  const db = getDb();
  await assertTeamScope(db.prisma, actor, { action: "api.register", registration: body });
  const { registration, contract } = await splitRegistrationSpec(body, config.SIGNPOST_SPEC_MAX_BYTES);
  const r = await registerApi(registration, {
    db,
    gateways: config.gateways,
    clusterDomain: config.SIGNPOST_CLUSTER_DOMAIN,
    actor: actor!.name,
    origin: registrationOrigin(req),
  });
  await saveRegistrationContract(db.pool, registration.name, contract, actor!.name, registrationOrigin(req));
  return json(await getApi(db.prisma, r.apiId), r.status);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
