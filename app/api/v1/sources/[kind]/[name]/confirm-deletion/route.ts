// POST /api/v1/sources/{kind}/{name}/confirm-deletion - apply a held mass deletion (editor not
// scoped to teams: the deletion removes every team's APIs)
import { route } from "@/lib/api/route";
import { ApiError } from "@/lib/api/errors";
import { isScoped } from "@/lib/auth/team-scope";
import { ZSourceParams } from "@/lib/api/schemas/source";
import { confirmDeletion } from "@/lib/sources/list-sources";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const POST = route({ access: "editor", params: ZSourceParams }, async ({ params, actor }) => {
  if (isScoped(actor)) throw new ApiError("forbidden", `${actor.name} is scoped to teams; confirming a held deletion removes APIs of every team and needs an editor without a team scope`);
  const prisma = getDb().prisma;
  const source = await confirmDeletion(prisma, params.kind, params.name);
  await recordAudit(prisma, { actor: actor!.name, action: "source.confirm-deletion", target: `${params.kind}:${params.name}`, before: source.heldDeletion });
  return source;
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
