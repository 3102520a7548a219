// The registration body (REST, form and CLI file). Validation mirrors Kong's rules so that a bad
// request is refused with the field and the reason before any call to a gateway.
import { z } from "zod";

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
