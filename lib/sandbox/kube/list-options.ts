// ValidateListOptions of apimachinery (v1.35): which combinations of resourceVersion,
// resourceVersionMatch, continue and sendInitialEvents a list or a watch accepts (422 otherwise,
// on "ListOptions.meta.k8s.io"). Parameters count as given when present, even empty.
import { fieldError, type FieldError } from "./field-errors";
import { apiErrors } from "./status-errors";

const forbidden = (detail: string) => fieldError.forbidden("resourceVersionMatch", detail);

/** Throws the 422 a real server answers for an invalid list or watch parameter set. */
export function validateListOptions(q: URLSearchParams, watch: boolean): void {
  const match = q.get("resourceVersionMatch") ?? "";
  const rv = q.get("resourceVersion") ?? "";
  const cont = q.get("continue") ?? "";
  const initial = q.has("sendInitialEvents");
  const errs: FieldError[] = [];
  if (watch) {
    if (initial && match !== "NotOlderThan") errs.push(forbidden("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
    if (match) {
      if (!initial) errs.push(forbidden("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
      if (match !== "NotOlderThan") errs.push(fieldError.notSupported("resourceVersionMatch", match, ["NotOlderThan"]));
      if (cont) errs.push(forbidden("resourceVersionMatch is forbidden when continue is provided"));
    }
  } else {
    if (match) {
      if (!rv) errs.push(forbidden("resourceVersionMatch is forbidden unless resourceVersion is provided"));
      if (cont) errs.push(forbidden("resourceVersionMatch is forbidden when continue is provided"));
      if (match !== "Exact" && match !== "NotOlderThan") errs.push(fieldError.notSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]));
      if (match === "Exact" && rv === "0") errs.push(forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
    if (initial) errs.push(fieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
  }
  if (!errs.length) return;
  const err = apiErrors.invalid({ group: "meta.k8s.io", kind: "ListOptions" }, "", errs);
  // The options object has no name: StatusDetails.name is omitempty.
  delete err.status.details?.name;
  throw err;
}
