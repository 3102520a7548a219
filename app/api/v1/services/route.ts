// GET /api/v1/services?q=&limit= - Kubernetes Services in the catalog (registration upstreams)
import { z } from "zod";
import { route } from "@/lib/api/route";
import { findServices } from "@/lib/catalog/find-services";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

const ZQuery = z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = route({ access: "read", query: ZQuery }, async ({ query }) => ({ data: await findServices(getDb().prisma, query.q, query.limit) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
