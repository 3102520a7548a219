// The part of a plugin's config that tells a caller what to send: an allow-list per plugin, so
// secrets (oauth2 provision_key, openid-connect client_secret, redis passwords...) never leave
// the adapter. Field names as in Kong 3.9's plugin schemas (kong/plugins/<name>/schema.lua).

const KEPT: Record<string, readonly string[]> = {
  "key-auth": ["key_names", "key_in_header", "key_in_query", "key_in_body"],
  "basic-auth": ["realm"],
  "hmac-auth": ["algorithms", "enforce_headers"],
  "ldap-auth": ["header_type"],
  jwt: ["header_names", "cookie_names", "uri_param_names", "claims_to_verify"],
  oauth2: ["scopes", "mandatory_scope", "enable_authorization_code", "enable_implicit_grant", "enable_client_credentials", "enable_password_grant", "auth_header_name"],
  "openid-connect": ["issuer", "auth_methods", "scopes_required", "bearer_token_param_type"],
  "mtls-auth": [],
  acl: ["allow", "deny"],
  "rate-limiting": ["second", "minute", "hour", "day", "month", "year", "limit_by", "header_name", "path"],
  "rate-limiting-advanced": ["limit", "window_size", "window_type", "identifier", "header_name", "path"],
  cors: ["origins", "methods", "headers", "credentials", "max_age"],
  "request-size-limiting": ["allowed_payload_size", "size_unit", "require_content_length"],
};

/** Plugins whose `anonymous` setting makes authentication optional (it names a consumer, kept as a flag). */
const ANONYMOUS = new Set(["key-auth", "basic-auth", "hmac-auth", "ldap-auth", "jwt", "oauth2", "openid-connect", "mtls-auth"]);

/** The caller-relevant config of plugin `name`, or undefined for plugins Signpost does not read. */
export function pluginRequirementConfig(name: string, config: Record<string, unknown>): Record<string, unknown> | undefined {
  const fields = KEPT[name];
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = config[f];
    if (v !== undefined && v !== null) out[f] = v;
  }
  if (ANONYMOUS.has(name) && typeof config.anonymous === "string" && config.anonymous !== "") out.anonymous = true;
  return out;
}
