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

export const ZHealth = z.object({ status: z.enum(["ok", "starting"]), error: z.string().nullable().optional() }).meta({ id: "Health" });

export const ZReady = z
  .object({
    status: z.enum(["ready", "degraded", "unavailable"]),
    database: z.object({ ok: z.boolean(), error: z.string().optional() }),
    sources: z.array(z.object({ kind: z.string(), name: z.string(), state: z.string(), workerSeenAt: z.string().nullable() })),
  })
  .meta({ id: "Ready" });

export const ZFacets = z
  .record(z.enum(["mode", "cluster", "namespace", "team", "gateway", "managedBy"]), z.array(z.object({ value: z.string(), count: z.number().int() })))
  .meta({ id: "Facets" });
