// REST shapes of scorecards: each API's checks and level, and the per-team summary.
import { z } from "zod";

export const ZCheckStatus = z.enum(["pass", "fail", "not_applicable"]);
export type TCheckStatus = z.infer<typeof ZCheckStatus>;

export const ZCheckResult = z
  .object({
    id: z.string().meta({ description: "owner, contract, auth, rate_limit, https, gateway_only, endpoints, docs, or a configured extra check" }),
    title: z.string(),
    status: ZCheckStatus,
    required: z.boolean().meta({ description: "Counts towards the level (SIGNPOST_CONFIG scorecards.required)" }),
    reason: z.string().meta({ description: "Why, in one sentence" }),
    fix: z.string().nullable().meta({ description: "What to do, for a failing check" }),
  })
  .meta({ id: "CheckResult" });
export type TCheckResult = z.infer<typeof ZCheckResult>;

export const ZScorecardSummary = z
  .object({
    level: z.string().meta({ description: "The first configured level whose share of passing required checks is reached (default gold 100%, silver 75%, bronze 50%, else none)" }),
    passed: z.number().int().meta({ description: "Required checks that pass" }),
    required: z.number().int().meta({ description: "Required checks that apply (not_applicable ones do not count)" }),
    failing: z.array(z.string()).meta({ description: "Ids of every failing check" }),
  })
  .meta({ id: "ScorecardSummary" });
export type TScorecardSummary = z.infer<typeof ZScorecardSummary>;

export const ZScorecard = ZScorecardSummary.extend({
  checks: z.array(ZCheckResult),
  evaluatedAt: z.iso.datetime().nullable().meta({ description: "When the checks' outcome (a status, the level or the configuration) last changed; the reasons and fixes are written from the API as it is now" }),
}).meta({ id: "Scorecard" });
export type TScorecard = z.infer<typeof ZScorecard>;

export const ZTeamScorecard = z
  .object({
    team: z.string().nullable().meta({ description: "null: APIs without a team" }),
    apis: z.number().int(),
    levels: z.record(z.string(), z.number().int()).meta({ description: "APIs per level" }),
    failing: z.record(z.string(), z.number().int()).meta({ description: "APIs failing each check" }),
  })
  .meta({ id: "TeamScorecard" });

export const ZScorecardList = z.object({ data: z.array(ZTeamScorecard) }).meta({ id: "ScorecardList" });
export type TScorecardList = z.infer<typeof ZScorecardList>;

export const ZScorecardQuery = z.object({
  team: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))
    .optional()
    .meta({ description: "Only these teams, comma-separated" }),
});
