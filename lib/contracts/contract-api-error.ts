// A refused contract as the REST error body: malformed text is a 400, a document that is not
// OpenAPI 3.0/3.1 or fails validation a 422 naming the JSON pointer of the failing part.
import { ApiError } from "../api/errors";
import { ContractError } from "./parse-contract";

/** `err` as an ApiError when it is a ContractError (else `err` unchanged); `field` prefixes the message. */
export function contractApiError(err: unknown, field?: string): unknown {
  if (!(err instanceof ContractError)) return err;
  const where = field ? `${field}: ` : "";
  const details = { problem: err.problem, ...(err.pointer !== undefined ? { pointer: err.pointer } : {}), ...(field ? { field } : {}) };
  return new ApiError(err.problem === "malformed" ? "bad_request" : "validation_failed", `${where}${err.message}`, details);
}
