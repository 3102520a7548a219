// GET /api/v1/apis/{id}/spec/versions - every version of the API's contract, newest first
import { route } from "@/lib/api/route";
import { ZIdParams } from "@/lib/api/schemas/api";
import { otherMethods } from "@/lib/api/other-methods";
import { listContractVersions } from "@/lib/contracts/list-contract-versions";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", params: ZIdParams }, async ({ params }) => listContractVersions(getDb().prisma, params.id));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
