// REST shape of what a caller must do to call an API through its gateway route: read from the
// route's, its service's and the gateway's global plugins (lib/catalog/derive-requirements.ts).
import { z } from "zod";

const ZScope = z.enum(["route+service", "route", "service", "global"]).meta({ description: "Where the plugin is configured (Kong applies the most specific one per plugin name)" });
const base = { plugin: z.string(), scope: ZScope, optional: z.boolean().meta({ description: "Configured with an anonymous consumer: a request without credentials is let through as that consumer" }) };

export const ZAuthRequirement = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("key-auth"), ...base, keyNames: z.array(z.string()), in: z.array(z.enum(["header", "query", "body"])) }),
    z.object({ type: z.literal("basic-auth"), ...base, realm: z.string().nullable() }),
    z.object({ type: z.literal("jwt"), ...base, headerNames: z.array(z.string()), cookieNames: z.array(z.string()), uriParamNames: z.array(z.string()) }),
    z.object({ type: z.literal("oauth2"), ...base, scopes: z.array(z.string()), mandatoryScope: z.boolean(), flows: z.array(z.string()), headerName: z.string() }),
    z.object({ type: z.literal("openid-connect"), ...base, issuer: z.string().nullable(), scopes: z.array(z.string()), methods: z.array(z.string()) }),
    z.object({ type: z.literal("mtls-auth"), ...base }),
    z.object({ type: z.literal("hmac-auth"), ...base, algorithms: z.array(z.string()), enforceHeaders: z.array(z.string()) }),
    z.object({ type: z.literal("ldap-auth"), ...base, headerType: z.string() }),
  ])
  .meta({ id: "AuthRequirement" });
export type TAuthRequirement = z.infer<typeof ZAuthRequirement>;

export const ZRateLimit = z
  .object({
    plugin: z.string(),
    scope: ZScope,
    limits: z.array(z.object({ limit: z.number(), seconds: z.number().int().positive(), per: z.string().meta({ description: "second, minute, hour, day, month, year, or \"<n> seconds\"" }) })),
    limitBy: z.string().meta({ description: "What is counted: consumer, credential, ip, service, header, path (rate-limiting-advanced: identifier)" }),
  })
  .meta({ id: "RateLimit" });

export const ZRequirements = z
  .object({
    gateway: z.string(),
    route: z.string(),
    authentication: z.array(ZAuthRequirement).meta({ description: "Every listed method must pass unless it is optional (Kong runs each authentication plugin)" }),
    rateLimits: z.array(ZRateLimit),
    acl: z.object({ plugin: z.string(), scope: ZScope, allow: z.array(z.string()), deny: z.array(z.string()) }).nullable(),
    cors: z.object({ plugin: z.string(), scope: ZScope, origins: z.array(z.string()), methods: z.array(z.string()), credentials: z.boolean() }).nullable(),
    requestSize: z.object({ plugin: z.string(), scope: ZScope, limit: z.number(), unit: z.string(), bytes: z.number() }).nullable(),
  })
  .meta({ id: "Requirements", description: "What a caller must do to call the API at its proxy URL (from the gateway's plugins; never secrets)" });
export type TRequirements = z.infer<typeof ZRequirements>;
