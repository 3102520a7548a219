// metav1.Status bodies built the way apimachinery's errors.go builds them (reference §2.8), and
// the error class that carries one from any layer to the HTTP response.
import { causeReason, errorBody, type FieldError } from "./field-errors";
import type { Json, ResourceDef } from "./types";

/** A metav1.Status of a failed request. */
export type Status = {
  kind: "Status";
  apiVersion: "v1";
  metadata: { continue?: string };
  status: "Failure";
  message: string;
  /** Absent on errors the API server did not classify (StatusReasonUnknown is ""). */
  reason?: string;
  details?: Json;
  code: number;
};

/** An API error: thrown by the store and handlers, answered as its Status with HTTP `code`. */
export class KubeApiError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message);
    this.name = "KubeApiError";
    this.status = status;
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason ?? "";
  }
}

function status(code: number, reason: string, message: string, details?: Json, metadata: Status["metadata"] = {}): Status {
  const s: Status = { kind: "Status", apiVersion: "v1", metadata, status: "Failure", message, reason, code };
  // Field order matches the real server (details before code) so captured bodies compare equal.
  if (details) return { kind: s.kind, apiVersion: s.apiVersion, metadata, status: s.status, message, reason, details, code };
  return s;
}

/** "services" or "ingresses.networking.k8s.io", as in NotFound/AlreadyExists messages. */
function qualifiedResource(d: Pick<ResourceDef, "group" | "plural">): string {
  return d.group ? `${d.plural}.${d.group}` : d.plural;
}

function details(d: Pick<ResourceDef, "group" | "plural">, name: string): Json {
  return d.group ? { name, group: d.group, kind: d.plural } : { name, kind: d.plural };
}

/** Constructors for every Status the sandbox answers with. */
export const apiErrors = {
  notFound: (d: Pick<ResourceDef, "group" | "plural">, name: string) =>
    new KubeApiError(status(404, "NotFound", `${qualifiedResource(d)} "${name}" not found`, details(d, name))),
  alreadyExists: (d: Pick<ResourceDef, "group" | "plural">, name: string) =>
    new KubeApiError(status(409, "AlreadyExists", `${qualifiedResource(d)} "${name}" already exists`, details(d, name))),
  conflict: (d: Pick<ResourceDef, "group" | "plural">, name: string, why = "the object has been modified; please apply your changes to the latest version and try again") =>
    new KubeApiError(status(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(d)} "${name}": ${why}`, details(d, name))),
  /** 422 Invalid; `kind` is the Kind ("Service"), qualified with the group in the message. */
  invalid: (d: Pick<ResourceDef, "group" | "kind">, name: string, errs: FieldError[]) => {
    const qualifiedKind = d.group ? `${d.kind}.${d.group}` : d.kind;
    const rendered = errs.map((e) => `${e.field}: ${errorBody(e)}`);
    const agg = rendered.length === 1 ? rendered[0] : `[${rendered.join(", ")}]`;
    const causes = errs.map((e) => ({ reason: causeReason(e), message: errorBody(e), field: e.field }));
    const det: Json = d.group ? { name, group: d.group, kind: d.kind, causes } : { name, kind: d.kind, causes };
    return new KubeApiError(status(422, "Invalid", `${qualifiedKind} "${name}" is invalid: ${agg}`, det));
  },
  badRequest: (message: string) => new KubeApiError(status(400, "BadRequest", message)),
  /** The generic 404 for paths that name no resource. */
  noRoute: () => new KubeApiError(status(404, "NotFound", "the server could not find the requested resource", {})),
  methodNotAllowed: () =>
    new KubeApiError(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {})),
  unsupportedMediaType: (accepted: string[]) =>
    new KubeApiError(status(415, "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`)),
  tooLarge: () => new KubeApiError(status(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728")),
  unauthorized: () => new KubeApiError(status(401, "Unauthorized", "Unauthorized")),
  /** 410 for a watch from a compacted resourceVersion (the watch-cache wording). */
  tooOldResourceVersion: (requested: number, oldest: number) =>
    new KubeApiError(status(410, "Expired", `too old resource version: ${requested} (${oldest})`)),
  /** 410 for an expired continue token; carries a token that continues inconsistently. */
  continueExpired: (inconsistentToken: string) =>
    new KubeApiError(status(410, "Expired", inconsistentToken
      ? "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list."
      : "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
    undefined, inconsistentToken ? { continue: inconsistentToken } : {})),
  internal: (message: string) => new KubeApiError(status(500, "InternalError", `Internal error occurred: ${message}`)),
};

/** The Status to answer for any thrown value. */
export function toStatus(err: unknown): Status {
  if (err instanceof KubeApiError) return err.status;
  return apiErrors.internal(err instanceof Error ? err.message : String(err)).status;
}
