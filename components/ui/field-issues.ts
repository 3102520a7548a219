// Field issues of a refused write, keyed by the form field they belong to: the REST API names
// them after the request part ("body.url", "body.events.0"); a form knows them as "url", "events".
import { ApiRequestError } from "@/lib/queries/http";

/** Issues of `error` by top-level body field; `other` collects what no field in `fields` owns. */
export function fieldIssues<F extends string>(error: unknown, fields: readonly F[]): Partial<Record<F | "other", string[]>> {
  const out: Partial<Record<F | "other", string[]>> = {};
  if (!(error instanceof ApiRequestError)) return out;
  for (const issue of error.issues) {
    const name = issue.field.replace(/^body\./, "").split(".")[0] as F;
    const key = fields.includes(name) ? name : "other";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
