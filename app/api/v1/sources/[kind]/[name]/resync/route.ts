// POST /api/v1/sources/{kind}/{name}/resync - relist or poll a source now (editor)
import { route } from "@/lib/api/route";
import { ZSourceParams } from "@/lib/api/schemas/source";
import { requestResync } from "@/lib/sources/list-sources";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const POST = route({ access: "editor", params: ZSourceParams }, async ({ params, actor }) => {
  const prisma = getDb().prisma;
  const source = await requestResync(prisma, params.kind, params.name);
  await recordAudit(prisma, { actor: actor!.name, action: "source.resync", target: `${params.kind}:${params.name}` });
  return source;
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
