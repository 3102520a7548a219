// Maps a failed gateway call to the REST error: which gateway failed and why, and that nothing
// was registered.
import { ApiError } from "../api/errors";
import { KongError } from "../kong/errors";

/** ApiErrors pass through; Kong errors become 503 (unreachable), 502 (rejected) or 409/422. */
export function kongFailure(err: unknown, gateway: string): unknown {
  if (!(err instanceof KongError)) return err;
  if (err.kind === "unreachable" || err.kind === "timeout") {
    return new ApiError("upstream_unavailable", `${err.message}; nothing was changed`, { gateway }, { "retry-after": "5" });
  }
  if (err.kind === "http" && err.status === 409) return new ApiError("conflict", err.message, { gateway, fields: err.fields });
  if (err.kind === "http" && err.status === 400) {
    return new ApiError("validation_failed", `${err.message}; nothing was changed`, { gateway, fields: err.fields });
  }
  if (err.kind === "http" && (err.status === 401 || err.status === 403)) {
    return new ApiError("upstream_error", `gateway "${gateway}" refused Signpost's credentials (HTTP ${err.status}); check SIGNPOST_KONG_ADMIN_TOKEN`, { gateway });
  }
  return new ApiError("upstream_error", `${err.message}; nothing was changed`, { gateway });
}
