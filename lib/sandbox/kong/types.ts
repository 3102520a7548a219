// Shared types of the sandbox gateway (a Kong-Admin-API-compatible test server).

/** The entity collections the sandbox stores. */
export type EntityKind = "services" | "routes" | "upstreams" | "targets" | "plugins";

/** Every kind, in the order Kong's declarative config and cascades process them. */
export const ENTITY_KINDS: readonly EntityKind[] = ["services", "routes", "upstreams", "targets", "plugins"];

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
