/** A Kong gateway Signpost talks to (connection settings of its Admin API). */
export type KongTarget = {
  /** Gateway name in Signpost, used in errors and logs. */
  name: string;
  /** Admin API base URL, e.g. http://kong-admin.kong:8001 (a path prefix is kept). */
  adminUrl: string;
  /** Enterprise RBAC token, sent as Kong-Admin-Token; never logged or put in messages. */
  token?: string;
  /** Enterprise workspace: requests go to {adminUrl}/{workspace}/... */
  workspace?: string;
  /** Per-attempt timeout; default 5000 ms. */
  timeoutMs?: number;
  /** Extra attempts for idempotent requests (GET, PUT, DELETE); default 2. */
  retries?: number;
};

/** Default per-attempt timeout of Admin API requests. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Default number of retries for idempotent requests. */
export const DEFAULT_RETRIES = 2;
