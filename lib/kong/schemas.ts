import { z } from "zod";

// Kong Admin API entities as Signpost uses them. Unknown fields (newer Kong versions, Enterprise
// extras such as ws_id) are dropped rather than rejected; fields older versions lack are
// optional and come out as null (or their Kong default).

const nullable = <T extends z.ZodType>(s: T) => s.nullish().transform((v): z.output<T> | null => v ?? null);
const ZRef = z.object({ id: z.string() });
const ZStrings = nullable(z.array(z.string()));
const ZTime = nullable(z.number());

/** A Kong service. */
export const ZKongService = z.object({
  id: z.string(),
  name: nullable(z.string()),
  protocol: z.string(),
  host: z.string(),
  port: z.number().int(),
  path: nullable(z.string()),
  retries: nullable(z.number().int()),
  connect_timeout: nullable(z.number()),
  write_timeout: nullable(z.number()),
  read_timeout: nullable(z.number()),
  tls_verify: nullable(z.boolean()),
  client_certificate: nullable(ZRef),
  // `enabled` appeared in Kong 2.7; absent means enabled.
  enabled: z.boolean().nullish().transform((v) => v ?? true),
  tags: ZStrings,
  created_at: ZTime,
  updated_at: ZTime,
});
export type KongService = z.output<typeof ZKongService>;

/** A Kong route (traditional fields; expression/priority only with the expressions router). */
export const ZKongRoute = z.object({
  id: z.string(),
  name: nullable(z.string()),
  protocols: ZStrings,
  methods: ZStrings,
  hosts: ZStrings,
  paths: ZStrings,
  headers: nullable(z.record(z.string(), z.array(z.string()))),
  snis: ZStrings,
  service: nullable(ZRef),
  strip_path: nullable(z.boolean()),
  preserve_host: nullable(z.boolean()),
  regex_priority: nullable(z.number()),
  https_redirect_status_code: nullable(z.number()),
  path_handling: nullable(z.string()),
  request_buffering: nullable(z.boolean()),
  response_buffering: nullable(z.boolean()),
  expression: nullable(z.string()),
  priority: nullable(z.number()),
  tags: ZStrings,
  created_at: ZTime,
  updated_at: ZTime,
});
export type KongRoute = z.output<typeof ZKongRoute>;

/** A Kong plugin instance; `config` is the plugin's own record. */
export const ZKongPlugin = z.object({
  id: z.string(),
  name: z.string(),
  instance_name: nullable(z.string()),
  service: nullable(ZRef),
  route: nullable(ZRef),
  consumer: nullable(ZRef),
  config: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
  protocols: ZStrings,
  enabled: z.boolean().nullish().transform((v) => v ?? true),
  tags: ZStrings,
  created_at: ZTime,
  updated_at: ZTime,
});
export type KongPlugin = z.output<typeof ZKongPlugin>;

/** A Kong upstream (load-balancing group). */
export const ZKongUpstream = z.object({
  id: z.string(),
  name: z.string(),
  algorithm: nullable(z.string()),
  slots: nullable(z.number()),
  hash_on: nullable(z.string()),
  hash_fallback: nullable(z.string()),
  host_header: nullable(z.string()),
  tags: ZStrings,
  created_at: ZTime,
  // `updated_at` on upstreams appeared in Kong 3.3.
  updated_at: ZTime,
  /** read only for upstreamUsesHealthchecks */
  healthchecks: z.unknown().optional(),
});
export type KongUpstream = z.output<typeof ZKongUpstream>;

type Checks = { active?: { healthy?: { interval?: unknown }; unhealthy?: { interval?: unknown } }; passive?: { unhealthy?: { tcp_failures?: unknown; timeouts?: unknown; http_failures?: unknown } } };

/**
 * Whether Kong runs a health checker for `upstream` (kong/runloop/balancer: an active interval
 * or a passive failure threshold that is not 0). Without one, GET /upstreams/{id}/health reports
 * every target HEALTHCHECKS_OFF: only its target list can change.
 */
export function upstreamUsesHealthchecks(upstream: Pick<KongUpstream, "healthchecks">): boolean {
  const c = upstream.healthchecks as Checks | null | undefined;
  if (!c || typeof c !== "object") return false;
  const on = (v: unknown) => typeof v === "number" && v !== 0;
  const p = c.passive?.unhealthy;
  return on(c.active?.healthy?.interval) || on(c.active?.unhealthy?.interval) || on(p?.tcp_failures) || on(p?.timeouts) || on(p?.http_failures);
}

/** A target of an upstream; timestamps are float seconds. */
export const ZKongUpstreamTarget = z.object({
  id: z.string(),
  target: z.string(),
  weight: z.number(),
  upstream: nullable(ZRef),
  tags: ZStrings,
  created_at: ZTime,
  updated_at: ZTime,
});
export type KongUpstreamTarget = z.output<typeof ZKongUpstreamTarget>;

/** One page of a collection: go-kong follows `offset`, not `next`. */
export const ZKongPage = z.object({
  data: z.array(z.unknown()),
  offset: z.string().nullish(),
  next: z.string().nullish(),
});

/** GET / (only what Signpost reads). */
export const ZKongRootInfo = z.object({
  version: z.string(),
  edition: z.string().optional(),
  configuration: z
    .object({ database: z.string().optional(), router_flavor: z.string().optional() })
    .optional(),
});
