// GET /api/v1/scorecards - per team: APIs per scorecard level and per failing check
import { json, route } from "@/lib/api/route";
import { ZScorecardQuery } from "@/lib/api/schemas/scorecard";
import { getDb } from "@/lib/db/client";
import { findTeamScorecards } from "@/lib/scorecards/find-team-scorecards";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", query: ZScorecardQuery }, async ({ query }) => json(await findTeamScorecards(getDb().pool, query.team)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
