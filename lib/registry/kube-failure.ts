// Maps a failed API-server call of a registration to the REST error, naming the cluster, and
// for refusals the verb, resource and namespace (what an RBAC rule would have to allow).
import { ApiError } from "../api/errors";
import { KubeError } from "../k8s/kube-error";

/** ApiErrors pass through; KubeErrors become 503 (unreachable), 409, 422 or 502. */
export function kubeFailure(err: unknown): unknown {
  if (!(err instanceof KubeError)) return err;
  const details = { cluster: err.cluster, status: err.status ?? null, reason: err.reason ?? null };
  if (err.unreachable) return new ApiError("upstream_unavailable", `${err.message}; nothing was changed`, details, { "retry-after": "5" });
  if (err.status === 409) return new ApiError("conflict", err.message, details);
  if (err.status === 422 || err.status === 400) return new ApiError("validation_failed", `${err.message}; nothing was changed`, details);
  if (err.status === 401 || err.status === 403) {
    return new ApiError("upstream_error", `${err.message} (the API server refused Signpost's credentials: its Role must allow this); nothing was changed`, details);
  }
  return new ApiError("upstream_error", `${err.message}; nothing was changed`, details);
}
