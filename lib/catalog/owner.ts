// Who owns a Service: the microservice and the team, and the API name it publishes.
import type { StringMap } from "./types";

export const ANNOTATION_TEAM = "signpost.dev/team";
export const ANNOTATION_API = "signpost.dev/api";

/** The microservice: part-of, else name, else app label, else the object's own name. */
export function microserviceOf(labels: StringMap, fallbackName: string): string {
  return (
    nonEmpty(labels["app.kubernetes.io/part-of"]) ??
    nonEmpty(labels["app.kubernetes.io/name"]) ??
    nonEmpty(labels["app"]) ??
    fallbackName
  );
}

/** The owning team from the `signpost.dev/team` annotation, if any. */
export function teamOf(annotations: StringMap): string | null {
  return nonEmpty(annotations[ANNOTATION_TEAM]) ?? null;
}

/** The explicit API name from the `signpost.dev/api` annotation, if any. */
export function explicitApiName(annotations: StringMap): string | null {
  return nonEmpty(annotations[ANNOTATION_API]) ?? null;
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}
