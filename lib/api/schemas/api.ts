// REST shapes of catalog APIs: the same zod schemas validate input and generate the OpenAPI document.
import { z } from "zod";
import { EXPOSURE_MODES } from "../../catalog/types";
import { ZRequirements } from "./requirements";
import { ZScorecard, ZScorecardSummary } from "./scorecard";
import { HEALTH_STATES, ZApiHealth, ZUpstreamHealth } from "./health";
import { LINK_KINDS } from "../../catalog/owner";
import { SORT_FIELDS } from "../../catalog/sort-fields";

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

export const ZOwnerLink = z
  .object({
    kind: z.enum(LINK_KINDS).meta({ description: "The a8r.io annotation it comes from (a8r.io/<kind>)" }),
    value: z.string().meta({ description: "The annotation's value as written (untrusted text)" }),
    href: z.string().nullable().meta({ description: "The value as a link when it is an http(s) or mailto address (an e-mail address becomes mailto:), else null: show it as text" }),
  })
  .meta({ id: "OwnerLink" });

export const ZApi = z
  .object({
    id: z.uuid(),
    key: z.string().meta({ description: "Identity: k8s:<cluster>/<namespace>/<name>, api:<name> or kong:<gateway>/<route id>" }),
    name: z.string(),
    microservice: z.string().nullable(),
    team: z.string().nullable().meta({ description: "The owning team (signpost.dev/team annotation or registration)" }),
    owner: z.string().nullable().meta({ description: "Who to ask: the a8r.io/owner annotation (a person, handle or e-mail address)" }),
    description: z.string().nullable().meta({ description: "The a8r.io/description annotation" }),
    links: z.array(ZOwnerLink).meta({ description: "Chat, repository, documentation, runbook, bugs, support, incidents, logs, uptime and performance links (a8r.io annotations), in that order" }),
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

const health = ZApiHealth.nullable().meta({ description: "Whether the API answers at its probe path (registration probePath or signpost.dev/probe-path); null when it has none" });

/** A list item: the API with its scorecard summary (null until it was first scored) and its health. */
export const ZApiListItem = ZApi.extend({ scorecard: ZScorecardSummary.nullable(), health }).meta({ id: "ApiListItem" });
export type TApiListItem = z.infer<typeof ZApiListItem>;

/** One API as GET /api/v1/apis/{id} returns it: what a caller must do and its scorecard too. */
export const ZApiDetail = ZApi.extend({
  requirements: ZRequirements.nullable().meta({ description: "What the gateway asks of a caller at the proxy URL; null when no gateway route leads to it" }),
  scorecard: ZScorecard.nullable(),
  health,
  upstreamHealth: z.array(ZUpstreamHealth).meta({ description: "Kong's health of the targets of the upstreams its gateway routes' services point at (empty when none does)" }),
}).meta({ id: "ApiDetail" });
export type TApiDetail = z.infer<typeof ZApiDetail>;

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean));

export { SORT_FIELDS, type SortField } from "../../catalog/sort-fields";

const ZSort = z
  .string()
  .max(40)
  .refine((s) => (SORT_FIELDS as readonly string[]).includes(s.replace(/^-/, "")), {
    message: `unknown sort field; sort by one of ${SORT_FIELDS.join(", ")} (prefix "-" for descending)`,
  })
  .default("name")
  .meta({ description: `One of ${SORT_FIELDS.join(", ")}; prefix "-" for descending` });

export const ZApiListQuery = z.object({
  q: z.string().max(200).optional().meta({ description: "Substring of name, microservice, team, host, path or URL" }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  mode: csv.pipe(z.array(ZExposureMode)).optional(),
  cluster: csv.optional(),
  namespace: csv.optional(),
  team: csv.optional(),
  owner: csv.optional().meta({ description: "Owners (a8r.io/owner), comma-separated" }),
  microservice: csv.optional(),
  gateway: csv.optional(),
  managedBy: csv.pipe(z.array(z.enum(["kubernetes", "kong", "signpost"]))).optional(),
  failing: csv.pipe(z.array(z.string().max(40))).optional().meta({ description: "APIs failing any of these scorecard checks, e.g. auth,rate_limit" }),
  level: csv.pipe(z.array(z.string().max(40))).optional().meta({ description: "APIs at these scorecard levels" }),
  health: csv.pipe(z.array(z.enum(HEALTH_STATES))).optional().meta({ description: "APIs whose probe finds them answering or failing" }),
  sort: ZSort,
  includeGone: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false),
});
export type TApiListQuery = z.infer<typeof ZApiListQuery>;

export const ZApiList = z
  .object({
    data: z.array(ZApiListItem),
    nextCursor: z.string().nullable(),
    total: z.number().int().meta({ description: "How many APIs the filtered view holds (all pages)" }),
  })
  .meta({ id: "ApiList" });

export const ZIdParams = z.object({ id: z.uuid({ message: "must be an API id (a UUID)" }) });
