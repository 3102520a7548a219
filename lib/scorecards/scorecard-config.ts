// The `scorecards:` section of SIGNPOST_CONFIG: which checks count towards an API's level, the
// levels themselves, and extra checks that ask for a label or an annotation.
import crypto from "node:crypto";
import { z } from "zod";

/** The built-in checks, in the order they are shown. */
export const BUILTIN_CHECKS = ["owner", "contract", "auth", "rate_limit", "https", "gateway_only", "endpoints", "docs"] as const;
export type BuiltinCheck = (typeof BUILTIN_CHECKS)[number];

const ZCheckId = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "must be lower-case letters, digits, _ or - (at most 40, starting with a letter)");

export const ZExtraCheck = z
  .object({
    id: ZCheckId,
    title: z.string().min(1).max(100),
    label: z.string().min(1).max(317).optional(),
    annotation: z.string().min(1).max(317).optional(),
    /** the value it must have; any non-empty value passes without it */
    equals: z.string().max(500).optional(),
    required: z.boolean().default(false),
    fix: z.string().max(500).optional(),
  })
  .strict()
  .refine((c) => (c.label === undefined) !== (c.annotation === undefined), "give exactly one of label or annotation");
export type TExtraCheck = z.infer<typeof ZExtraCheck>;

export const ZScorecardConfig = z
  .object({
    /** built-in checks that count towards the level (default: all of them) */
    required: z.array(z.enum(BUILTIN_CHECKS)).optional(),
    /** levels from the best down: the first whose `min` share of passing required checks is reached */
    levels: z
      .array(z.object({ name: ZCheckId, min: z.number().min(0).max(1) }).strict())
      .min(1)
      .max(10)
      .refine((ls) => ls.every((l, i) => i === 0 || l.min < ls[i - 1].min), "levels must be listed from the highest min down")
      .default([{ name: "gold", min: 1 }, { name: "silver", min: 0.75 }, { name: "bronze", min: 0.5 }]),
    /** name of the level below the lowest one */
    belowLevels: ZCheckId.default("none"),
    checks: z
      .array(ZExtraCheck)
      .max(50)
      .default([])
      .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, "check ids must be unique")
      .refine((cs) => cs.every((c) => !(BUILTIN_CHECKS as readonly string[]).includes(c.id)), `an extra check must not reuse a built-in id (${BUILTIN_CHECKS.join(", ")})`),
  })
  .strict();
export type TScorecardConfig = z.infer<typeof ZScorecardConfig>;

/** The configuration when SIGNPOST_CONFIG says nothing of scorecards. */
export const DEFAULT_SCORECARD_CONFIG: TScorecardConfig = ZScorecardConfig.parse({});

/** A fingerprint of the configuration: stored scorecards made under another one are recomputed. */
export function scorecardConfigHash(c: TScorecardConfig): string {
  return crypto.createHash("sha1").update(JSON.stringify(c)).digest("base64url").slice(0, 16);
}
