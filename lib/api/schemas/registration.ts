// The registration body (REST, form and CLI file). Validation mirrors Kong's rules so that a bad
// request is refused with the field and the reason before any call to a gateway.
import { z } from "zod";
import { isSecretKey } from "../../log";
import { ZRegistrationSpec } from "./contract";
import { probePathProblem } from "../../health/probe-path";

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const label = (what: string) =>
  z
    .string({ message: `${what} is required` })
    .trim()
    .regex(LABEL, `${what} must be lower-case letters, digits and "-" (at most 63, starting and ending with a letter or digit)`);

// Kong: a plain path starts with "/", a regex path with "~/"; no empty segments.
const ZPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => p.startsWith("/") || p.startsWith("~/"), "should start with: / (fixed path) or ~/ (regex path)")
  .refine((p) => !/\/\//.test(p.replace(/^~/, "")), "must not have empty segments")
  .refine((p) => !p.startsWith("~") || isRegex(p.slice(1)), "is not a valid regular expression");

// Kong: at most one "*" wildcard, as the leftmost or rightmost label; an optional port.
const ZHost = z
  .string()
  .min(1)
  .max(253)
  .transform((h) => h.toLowerCase())
  .refine((h) => /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(\.\*)?(:\d{1,5})?$/.test(h), "is not a valid host name")
  .refine((h) => (h.match(/\*/g) ?? []).length <= 1, "may contain only one wildcard");

const ZMethod = z.string().regex(/^[A-Z]+$/, "must be upper-case letters (e.g. GET)");

const ZServiceRef = z.object({
  cluster: z.string().min(1, "cluster is required"),
  namespace: z.string().min(1, "namespace is required"),
  name: z.string().min(1, "name is required"),
  port: z.number().int().min(1).max(65535),
});

const ZUpstreamUrl = z
  .string()
  .url("must be a URL such as http://orders.internal:8080")
  .refine((u) => ["http:", "https:"].includes(new URL(u).protocol), "must be http:// or https://")
  .refine((u) => !new URL(u).username && !new URL(u).password, "must not contain credentials")
  .refine((u) => !/\/\//.test(new URL(u).pathname), "path must not have empty segments");

// A Kong plugin on the registration's route (rate-limiting, key-auth, cors...): the gateway
// validates its config; Signpost refuses only what Kong could never take.
const ZRegistrationPlugin = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be a Kong plugin name such as rate-limiting"),
    config: z
      .record(z.string(), z.unknown())
      .superRefine((c, ctx) => {
        const at = secretPath(c);
        if (at) ctx.addIssue({ code: "custom", message: `must not carry secrets (${at}): Signpost stores registrations; set credentials in Kong itself` });
      })
      .optional(),
  })
  .strict();

/** The path of the first non-empty secret-named field in a plugin config, if any. */
function secretPath(value: unknown, at = "config", depth = 0): string | null {
  if (depth > 8 || value === null || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    if (isSecretKey(k) && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0)) return `${at}.${k}`;
    const inner = secretPath(v, `${at}.${k}`, depth + 1);
    if (inner) return inner;
  }
  return null;
}

export const ZRegistration = z
  .object({
    name: label("name"),
    microservice: label("microservice").optional(),
    team: label("team").optional(),
    upstream: z.union([z.object({ service: ZServiceRef }).strict(), z.object({ url: ZUpstreamUrl }).strict()], {
      message: 'upstream must be {"service": {cluster, namespace, name, port}} or {"url": "http://host:port"}',
    }),
    route: z
      .object({
        paths: z.array(ZPath).min(1, "at least one path is required").max(32),
        hosts: z.array(ZHost).max(32).optional(),
        methods: z.array(ZMethod).max(16).optional(),
        stripPath: z.boolean().default(true),
      })
      .strict(),
    gateway: label("gateway").optional(),
    plugins: z
      .array(ZRegistrationPlugin)
      .max(16)
      .refine((ps) => new Set(ps.map((p) => p.name)).size === ps.length, "each plugin may appear once")
      .optional(),
    spec: ZRegistrationSpec.optional(),
    probePath: z
      .string()
      .superRefine((p, ctx) => {
        const problem = probePathProblem(p);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional()
      .meta({ description: "A path below the API's gateway address that the worker GETs every SIGNPOST_PROBE_INTERVAL: a 2xx or 3xx answer is answering, anything else failing (GET /api/v1/apis/{id} health)" }),
  })
  .strict()
  .meta({ id: "Registration", description: "An API to register on a gateway: Signpost creates the Kong service and route." });

export type TRegistration = z.infer<typeof ZRegistration>;

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** The YAML documents of a registration's Kubernetes objects (POST /api/v1/apis/manifest). */
export const ZManifestText = z.string().meta({ id: "RegistrationManifest", description: "YAML documents separated by ---" });
