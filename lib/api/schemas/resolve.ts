// REST shape of a resolved API address.
import { z } from "zod";
import { ZExposureMode } from "./api";

export const ZResolveParams = z.object({ name: z.string().min(1).max(300) });

export const ZResolveQuery = z.object({
  cluster: z.string().max(200).optional().meta({ description: "Pick the API of this cluster when several clusters have one of that name" }),
  wait: z
    .string()
    .regex(/^\d+(ms|s)?$/, "a duration such as 30s")
    .optional()
    .meta({ description: "Block until the address differs from If-None-Match (or ?etag=), at most 60 s; 304 at the timeout" }),
  etag: z.string().max(100).optional().meta({ description: "The last ETag seen, when If-None-Match cannot be sent" }),
});

export const ZResolved = z
  .object({
    id: z.uuid(),
    name: z.string(),
    key: z.string(),
    proxyUrl: z.string().nullable(),
    exposureMode: ZExposureMode,
    exposures: z.array(z.object({ mode: ZExposureMode, url: z.string().nullable(), status: z.enum(["ready", "pending"]) })),
    microservice: z.string().nullable(),
    team: z.string().nullable(),
    cluster: z.string().nullable(),
    namespace: z.string().nullable(),
    etag: z.string().meta({ description: "Changes only when the resolved address (proxy URL or exposures) does" }),
    index: z.string().nullable().meta({ description: "The last change event id of this API" }),
  })
  .meta({ id: "Resolved" });
export type TResolved = z.infer<typeof ZResolved>;
