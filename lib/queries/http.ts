// The one HTTP client of the browser UI: JSON in and out, the error envelope of the REST API
// turned into an ApiRequestError, and the CSRF header every cookie-authenticated write needs.

/** A failed REST call: HTTP status, the error code of the envelope, and its details. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }

  /** Field issues of a validation error ({field, message}[]), when the server sent them. */
  get issues(): { field: string; message: string }[] {
    const d = this.details as { issues?: { field: string; message: string }[] } | undefined;
    return Array.isArray(d?.issues) ? d.issues : [];
  }
}

type WriteOptions = { method: "POST" | "PUT" | "DELETE"; body?: unknown; csrfToken?: string | null; headers?: Record<string, string> };

/** GETs JSON from the REST API; throws ApiRequestError on any non-2xx answer. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" }, signal, cache: "no-store" });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** A write (POST/PUT/DELETE) with the session's CSRF token; resolves to the JSON body or null (204). */
export async function sendJson<T>(path: string, o: WriteOptions, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...o.headers };
  if (o.body !== undefined) headers["content-type"] = "application/json";
  if (o.csrfToken) headers["x-csrf-token"] = o.csrfToken;
  const res = await fetch(path, {
    method: o.method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    signal,
    credentials: "same-origin",
  });
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return null as T;
  return (await res.json()) as T;
}

/** POSTs JSON and resolves to the text answer (e.g. a YAML manifest); throws ApiRequestError on non-2xx. */
export async function postForText(path: string, body: unknown, csrfToken: string | null, signal?: AbortSignal): Promise<string> {
  const headers: Record<string, string> = { accept: "application/yaml, application/json", "content-type": "application/json" };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, { method: "POST", headers, body: JSON.stringify(body), signal, credentials: "same-origin" });
  if (!res.ok) throw await toError(res);
  return res.text();
}

async function toError(res: Response): Promise<ApiRequestError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    return new ApiRequestError(body.error?.message ?? `HTTP ${res.status}`, res.status, body.error?.code ?? null, body.error?.details);
  } catch {
    return new ApiRequestError(`HTTP ${res.status} ${res.statusText}`.trim(), res.status, null);
  }
}
