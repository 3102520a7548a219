// GET /api/v1/registrations - active registrations with their specs (filters gateway, team, microservice, origin)
import { route } from "@/lib/api/route";
import { ZRegistrationListQuery } from "@/lib/api/schemas/registration-record";
import { listRegistrations } from "@/lib/registry/list-registrations";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", query: ZRegistrationListQuery }, async ({ query }) => ({ data: await listRegistrations(getDb().prisma, query) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
