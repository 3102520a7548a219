// REST shapes of health: the prober's verdict on an API with a probe path, and Kong's health of
// the upstream targets behind an API's gateway routes.
import { z } from "zod";

export const HEALTH_STATES = ["answering", "failing"] as const;

export const ZApiHealth = z
  .object({
    state: z.enum(HEALTH_STATES).meta({ description: "answering: the last probe got a 2xx or 3xx answer; failing: anything else (another status, a timeout, a refused connection, no gateway address)" }),
    since: z.iso.datetime().meta({ description: "The first check that found the API in this state" }),
    checkedAt: z.iso.datetime(),
    path: z.string().meta({ description: "The probe path (the registration's probePath or the signpost.dev/probe-path annotation)" }),
    url: z.string().nullable().meta({ description: "The address probed, as consumers know it; null when the API has no gateway address" }),
    status: z.number().int().nullable().meta({ description: "HTTP status of the last answer; null when none came" }),
    latencyMs: z.number().int().nullable(),
    error: z.string().nullable().meta({ description: "Why the last check failed; null when it answered" }),
    answeredBy: z
      .object({ service: z.string().optional(), pod: z.string().optional(), namespace: z.string().optional(), server: z.string().optional(), upstreamLatencyMs: z.number().optional() })
      .nullable()
      .meta({ description: "Who answered, when the answer says so (a sandbox pod names its service and pod; Kong adds the upstream latency)" }),
  })
  .meta({ id: "ApiHealth" });
export type TApiHealth = z.infer<typeof ZApiHealth>;

export const TARGET_HEALTH = ["HEALTHY", "UNHEALTHY", "HEALTHCHECKS_OFF", "DNS_ERROR"] as const;

export const ZUpstreamTargetHealth = z
  .object({
    target: z.string().meta({ description: "host:port of the target" }),
    weight: z.number(),
    health: z.enum(TARGET_HEALTH).nullable().meta({ description: "Kong's health of the target; null when the node does not report it (e.g. a hybrid-mode control plane)" }),
    addresses: z.array(z.object({ ip: z.string(), port: z.number().int(), health: z.string() })).meta({ description: "The balancer's addresses of the target and their health" }),
  })
  .meta({ id: "UpstreamTargetHealth" });
export type TUpstreamTargetHealth = z.infer<typeof ZUpstreamTargetHealth>;

export const ZUpstreamHealth = z
  .object({
    gateway: z.string(),
    upstream: z.string().meta({ description: "The Kong upstream a gateway service of this API points at (its host)" }),
    checkedAt: z.iso.datetime(),
    error: z.string().nullable().meta({ description: "Why the last read of GET /upstreams/{id}/health failed; null when it worked" }),
    targets: z.array(ZUpstreamTargetHealth),
  })
  .meta({ id: "UpstreamHealth" });
export type TUpstreamHealth = z.infer<typeof ZUpstreamHealth>;
