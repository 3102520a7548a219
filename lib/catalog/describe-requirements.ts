// Requirements as plain instructions and a ready curl line, for the API page and MCP. The key
// is a placeholder: Signpost never holds, nor shows, a credential.
import type { TAuthRequirement, TRequirements } from "../api/schemas/requirements";

export type CallerGuide = { instructions: string[]; curl: string | null };

const KEY = "$API_KEY";
const TOKEN = "$TOKEN";

/** Plain-language instructions for `req`, and a curl line against `proxyUrl`. */
export function describeRequirements(req: TRequirements | null, proxyUrl: string | null): CallerGuide {
  if (!req) return { instructions: [], curl: proxyUrl ? `curl ${quote(proxyUrl)}` : null };
  const lines: string[] = [];
  const curl: string[] = ["curl"];
  let url = proxyUrl;
  const required = req.authentication.filter((a) => !a.optional);
  if (req.authentication.length === 0) lines.push("No authentication: the gateway lets any caller through.");
  for (const a of req.authentication) {
    lines.push(authLine(a));
    if (a.optional && required.length) continue;
    const cred = credential(a);
    if (cred?.header) curl.push("-H", quote(cred.header));
    if (cred?.user) curl.push("-u", quote(cred.user));
    if (cred?.query && url) url = `${url}${url.includes("?") ? "&" : "?"}${cred.query}`;
    if (cred?.cert) curl.push("--cert", "client.crt", "--key", "client.key");
  }
  for (const r of req.rateLimits) {
    const limits = r.limits.map((l) => `${l.limit} requests per ${l.per}`).join(", ");
    lines.push(`Rate limit: ${limits || "configured without limits"}, counted per ${r.limitBy}; past it the gateway answers 429.`);
  }
  if (req.acl) {
    if (req.acl.allow.length) lines.push(`Your consumer must be in one of the groups: ${req.acl.allow.join(", ")}.`);
    if (req.acl.deny.length) lines.push(`Consumers in these groups are refused: ${req.acl.deny.join(", ")}.`);
  }
  if (req.cors) lines.push(`Browsers may call it from: ${req.cors.origins.length ? req.cors.origins.join(", ") : "any origin"}${req.cors.credentials ? " (with credentials)" : ""}.`);
  if (req.requestSize) lines.push(`Request bodies may be at most ${req.requestSize.limit} ${req.requestSize.unit} (${req.requestSize.bytes} bytes); larger ones get 413.`);
  return { instructions: lines, curl: url ? [...curl, quote(url)].join(" ") : null };
}

function authLine(a: TAuthRequirement): string {
  const opt = a.optional ? " (optional: without it you are served as an anonymous consumer)" : "";
  switch (a.type) {
    case "key-auth": {
      const names = a.keyNames.map((n) => `"${n}"`).join(" or ");
      const where = a.in.map((w) => (w === "header" ? "a header" : w === "query" ? "a query parameter" : "a body field")).join(", or ");
      return `Send an API key as ${where} named ${names}${opt}.`;
    }
    case "basic-auth":
      return `Send a username and password with HTTP Basic authentication${a.realm ? ` (realm ${a.realm})` : ""}${opt}.`;
    case "jwt": {
      const ways = [
        ...a.headerNames.map((h) => `the ${h} header${h.toLowerCase() === "authorization" ? " (Bearer <token>)" : ""}`),
        ...a.cookieNames.map((c) => `the cookie ${c}`),
        ...a.uriParamNames.map((q) => `the query parameter ${q}`),
      ];
      return `Send a signed JWT in ${ways.join(", or ")}${opt}.`;
    }
    case "oauth2":
      return `Send an OAuth 2.0 access token in the ${a.headerName} header (Bearer)${a.flows.length ? `; obtain it with ${a.flows.join(", ")}` : ""}${a.scopes.length ? `; scopes: ${a.scopes.join(", ")}${a.mandatoryScope ? " (one required)" : ""}` : ""}${opt}.`;
    case "openid-connect":
      return `Authenticate with OpenID Connect${a.issuer ? ` (issuer ${a.issuer})` : ""}${a.methods.length ? ` using ${a.methods.join(", ")}` : ""}${a.scopes.length ? `; scopes required: ${a.scopes.join(", ")}` : ""}${opt}.`;
    case "mtls-auth":
      return `Present a client TLS certificate the gateway trusts${opt}.`;
    case "hmac-auth":
      return `Sign each request with HMAC (${a.algorithms.join(", ") || "hmac-sha256"})${a.enforceHeaders.length ? ` over the headers ${a.enforceHeaders.join(", ")}` : ""}${opt}.`;
    case "ldap-auth":
      return `Send LDAP credentials in the Authorization header (${a.headerType} scheme)${opt}.`;
  }
}

function credential(a: TAuthRequirement): { header?: string; query?: string; user?: string; cert?: boolean } | null {
  switch (a.type) {
    case "key-auth":
      if (a.in.includes("header")) return { header: `${a.keyNames[0] ?? "apikey"}: ${KEY}` };
      if (a.in.includes("query")) return { query: `${encodeURIComponent(a.keyNames[0] ?? "apikey")}=${KEY}` };
      return null;
    case "basic-auth":
      return { user: "$USER:$PASSWORD" };
    case "jwt":
      if (a.headerNames[0]) return { header: `${a.headerNames[0]}: Bearer ${TOKEN}` };
      if (a.uriParamNames[0]) return { query: `${encodeURIComponent(a.uriParamNames[0])}=${TOKEN}` };
      return null;
    case "oauth2":
      return { header: `${a.headerName}: Bearer ${TOKEN}` };
    case "openid-connect":
      return { header: `Authorization: Bearer ${TOKEN}` };
    case "mtls-auth":
      return { cert: true };
    default:
      return null;
  }
}

/** Double quotes keep $API_KEY expandable in a shell while spaces stay in one argument. */
function quote(v: string): string {
  return `"${v.replace(/(["\\`])/g, "\\$1")}"`;
}
