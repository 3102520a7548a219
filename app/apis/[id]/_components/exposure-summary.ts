// One line of text per exposure: where it comes from and the details that matter to a caller.
import type { TApi } from "@/lib/api/schemas/api";

type Exposure = TApi["exposures"][number];
type Any = Record<string, unknown>;

const str = (v: unknown) => (v === undefined || v === null || v === "" ? null : String(v));

/** "Ingress shop/shop-api · class kong · Prefix /users → usermgr:80", etc. */
export function exposureSummary(e: Exposure): string {
  const d = e.details as Any;
  const src = `${e.source.kind} ${e.source.namespace ? `${e.source.namespace}/` : ""}${e.source.name}`;
  const parts: (string | null)[] = [src];
  if (e.mode === "Gateway") {
    parts.push(str(d.gateway) && `gateway ${d.gateway}`);
    const methods = (d.methods as string[] | undefined) ?? [];
    parts.push(methods.length ? `methods ${methods.join(", ")}` : "all methods");
    if (d.stripPath === true) parts.push("strips the path");
    parts.push(str(d.upstream) && `upstream ${d.upstream}`);
  } else if (e.mode === "Ingress" || e.mode === "HTTPRoute") {
    parts.push(str(d.ingressClass) && `class ${d.ingressClass}`);
    const backend = d.backend as { service?: string; port?: unknown } | undefined;
    parts.push(`${str(d.pathType) ?? ""} ${str(d.path) ?? "/"}`.trim() + (backend?.service ? ` → ${backend.service}${backend.port ? `:${backend.port}` : ""}` : ""));
    if (d.tls === true) parts.push("TLS");
  } else {
    parts.push(str(d.port) && `port ${d.port}${str(d.targetPort) ? ` → ${d.targetPort}` : ""}`);
    parts.push(str(d.node) && `node ${d.node}`);
    parts.push(str(d.clusterIP) && `cluster IP ${d.clusterIP}`);
    if (d.headless === true) parts.push("headless");
  }
  if (e.status === "pending") parts.push(str(d.reason) ? `pending: ${d.reason}` : "pending");
  return parts.filter(Boolean).join(" · ");
}

const AUTH = /auth|jwt|oauth|oidc|openid|ldap|acl|mtls/;
const RATE = /rate-?limit|ratelimit|quota/;

/** Plugins of the API's gateway routes, each with its category (auth, rate limiting, other). */
export function pluginBadges(api: TApi): { name: string; category: "auth" | "rate limiting" | "plugin" }[] {
  const names = new Set<string>();
  for (const e of api.exposures) for (const p of ((e.details as Any).plugins as string[] | undefined) ?? []) names.add(p);
  return [...names].sort().map((name) => ({ name, category: AUTH.test(name) ? "auth" : RATE.test(name) ? "rate limiting" : "plugin" }));
}
