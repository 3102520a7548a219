// `dryRun` on writes (reference: kubectl --dry-run=server sends `dryRun=All`): the request runs
// every stage (admission, defaulting, validation, allocation) but nothing is stored. The only
// accepted value is "All"; anything else is refused the way ValidateDryRun refuses it.
import { fieldError } from "./field-errors";
import { apiErrors } from "./status-errors";

/** The options kind apimachinery validates for each verb (it names the kind in the message). */
export type WriteOptionsKind = "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions";

/**
 * True when the request is a dry run. `values` are every `dryRun` query value (plus, for
 * DELETE, the body's DeleteOptions.dryRun). Throws the 422 a real server answers for values
 * other than "All", e.g. `CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value:
 * ["Foo"]: supported values: "All"`.
 */
export function parseDryRun(values: string[], kind: WriteOptionsKind): boolean {
  if (values.length === 0) return false;
  if (values.every((v) => v === "All")) return true;
  const err = apiErrors.invalid({ group: "meta.k8s.io", kind }, "", [fieldError.notSupported("dryRun", values, ["All"])]);
  // The options object has no name: StatusDetails.name is omitempty, so the key is absent.
  delete err.status.details?.name;
  throw err;
}
