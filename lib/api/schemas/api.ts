// REST shapes of catalog APIs: the same zod schemas validate input and generate the OpenAPI document.
import { z } from "zod";
import { EXPOSURE_MODES } from "../../catalog/types";

export const ZExposureMode = z.enum(EXPOSURE_MODES).meta({ description: "How an address reaches the API" });

export const ZExposure = z
  .object({
    mode: ZExposureMode,
    url: z.string().nullable().meta({ description: "The address, or null while pending" }),
    status: z.enum(["ready", "pending"]),
    source: z.object({
      kind: z.enum(["Service", "Ingress", "HTTPRoute", "KongRoute"]),
      cluster: z.string().meta({ description: "Cluster name, or gateway name for KongRoute" }),
      namespace: z.string().nullable(),
      name: z.string(),
    }),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "Exposure" });

export const ZApi = z
  .object({
    id: z.uuid(),
    key: z.string().meta({ description: "Identity: k8s:<cluster>/<namespace>/<name>, api:<name> or kong:<gateway>/<route id>" }),
    name: z.string(),
    microservice: z.string().nullable(),
    team: z.string().nullable(),
    cluster: z.string().nullable(),
    namespace: z.string().nullable(),
    exposureMode: ZExposureMode,
    proxyUrl: z.string().nullable().meta({ description: "The most external address: gateway > Ingress/HTTPRoute > LoadBalancer > NodePort > ClusterIP" }),
    modes: z.array(ZExposureMode),
    gateways: z.array(z.string()),
    managedBy: z.enum(["kubernetes", "kong", "signpost"]),
    readyPods: z.number().int().nullable(),
    totalPods: z.number().int().nullable(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    registeredBy: z.string().nullable(),
    registeredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    goneAt: z.iso.datetime().nullable().meta({ description: "When the API vanished from its sources; gone APIs are kept for SIGNPOST_RETAIN_GONE (30 days by default), then deleted" }),
    exposures: z.array(ZExposure),
  })
  .meta({ id: "Api" });

export type TApi = z.infer<typeof ZApi>;

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean));

export const ZApiListQuery = z.object({
  q: z.string().max(200).optional().meta({ description: "Substring of name, microservice, team, host, path or URL" }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  mode: csv.pipe(z.array(ZExposureMode)).optional(),
  cluster: csv.optional(),
  namespace: csv.optional(),
  team: csv.optional(),
  microservice: csv.optional(),
  gateway: csv.optional(),
  managedBy: csv.pipe(z.array(z.enum(["kubernetes", "kong", "signpost"]))).optional(),
  sort: z.enum(["name", "-name", "updated", "-updated"]).default("name"),
  includeGone: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false),
});
export type TApiListQuery = z.infer<typeof ZApiListQuery>;

export const ZApiList = z
  .object({
    data: z.array(ZApi),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "ApiList" });

export const ZIdParams = z.object({ id: z.uuid({ message: "must be an API id (a UUID)" }) });
