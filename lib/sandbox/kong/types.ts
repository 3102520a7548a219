// Shared types of the sandbox gateway (a Kong-Admin-API-compatible test server).

/** The entity collections the sandbox stores (Kong's DAO names). */
export type EntityKind =
  | "services" | "routes" | "upstreams" | "targets" | "consumers" | "certificates" | "snis" | "ca_certificates"
  | "key_sets" | "keys" | "vaults" | "plugins" | CredentialKind;

/** The credentials of the bundled auth plugins (their daos.lua), all owned by a consumer. */
export type CredentialKind =
  | "keyauth_credentials" | "basicauth_credentials" | "hmacauth_credentials" | "jwt_secrets" | "oauth2_credentials" | "acls";

/** Every credential kind. */
export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  "keyauth_credentials", "basicauth_credentials", "hmacauth_credentials", "jwt_secrets", "oauth2_credentials", "acls",
];

/** Every kind, parents before children: the order declarative config loads them in. */
export const ENTITY_KINDS: readonly EntityKind[] = [
  "services", "routes", "upstreams", "targets", "consumers", "certificates", "snis", "ca_certificates", "key_sets", "keys", "vaults",
  ...CREDENTIAL_KINDS, "plugins",
];

/** An entity as stored and returned: every schema field present, null when unset. */
export type Entity = { id: string; [field: string]: unknown };

/** Options of {@link startSandboxGateway}. */
export type SandboxGatewayOptions = {
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** Port to bind; 0 (the default) picks any free port. */
  port?: number;
  /** JSON persistence: loaded on start, saved ~200 ms after writes and on stop(). */
  stateFile?: string;
  /** "postgres" (DB-backed, the default) or "dbless" (read-only Admin API plus POST /config). */
  mode?: "postgres" | "dbless";
  /** "enterprise" accepts an optional /{workspace} prefix with isolated stores and reports a 4-part version. */
  edition?: "community" | "enterprise";
  /** When set, every Admin API request must carry this value in the Kong-Admin-Token header (401 otherwise). */
  rbacToken?: string;
  /** Version reported by GET /; default "3.9.1" (enterprise: "3.9.1.0"). */
  version?: string;
};

/** The options after defaults are applied. */
export type ResolvedGatewayOptions = Required<Omit<SandboxGatewayOptions, "stateFile" | "rbacToken">> & {
  stateFile?: string;
  rbacToken?: string;
};
