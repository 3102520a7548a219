// An error from a cluster's API server, carrying the cluster and HTTP status.

export class KubeError extends Error {
  constructor(
    message: string,
    readonly cluster: string,
    readonly status?: number,
    readonly reason?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "KubeError";
  }

  /** True for a 410 Gone/Expired: the resource version is too old, relist. */
  get expired(): boolean {
    return this.status === 410;
  }

  /** True when the server could not be reached at all (as opposed to answering with an error). */
  get unreachable(): boolean {
    return this.status === undefined;
  }
}

/** Builds a KubeError from a response body (a Status object when the server is Kubernetes). */
export function kubeErrorFromResponse(cluster: string, status: number, body: string, what: string): KubeError {
  let message = `HTTP ${status}`;
  let reason: string | undefined;
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string; reason?: string };
    if (parsed?.kind === "Status") {
      message = parsed.message ?? message;
      reason = parsed.reason;
    }
  } catch {
    if (body.trim()) message = `${message}: ${body.trim().slice(0, 200)}`;
  }
  return new KubeError(`cluster "${cluster}": ${what}: ${message}`, cluster, status, reason);
}
