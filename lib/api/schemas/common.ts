// Shapes shared by every endpoint: the error body and the health answers.
import { z } from "zod";
import { ERROR_STATUS } from "../errors";

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error", description: "The one error body of the API" });

/** The largest id PostgreSQL's bigint holds: event ids, audit and delivery cursors. */
export const MAX_BIGINT_ID = 9223372036854775807n;

/** A bigint id or cursor as text; anything else (or past the bigint range) is a 400, not a database error. */
export const ZBigintId = (what: string) =>
  z
    .string()
    .regex(/^\d{1,19}$/, `must be ${what}`)
    // zod runs every check: the range check must not choke on what the pattern refused
    .refine((v) => !/^\d{1,19}$/.test(v) || BigInt(v) <= MAX_BIGINT_ID, `must be ${what} (at most ${MAX_BIGINT_ID})`);

/** True for a UUID as PostgreSQL's uuid type reads it (8-4-4-4-12 hex digits). */
export function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

export const ZHealth = z.object({ status: z.enum(["ok", "starting"]), error: z.string().nullable().optional() }).meta({ id: "Health" });

export const ZReady = z
  .object({
    status: z.enum(["ready", "degraded", "unavailable"]),
    database: z.object({ ok: z.boolean(), error: z.string().optional() }),
    sources: z.array(z.object({ kind: z.string(), name: z.string(), state: z.string(), workerSeenAt: z.string().nullable() })),
  })
  .meta({ id: "Ready" });

export const ZFacets = z
  .record(z.enum(["mode", "cluster", "namespace", "team", "owner", "gateway", "managedBy", "failing", "level", "health"]), z.array(z.object({ value: z.string(), count: z.number().int() })))
  .meta({ id: "Facets" });
