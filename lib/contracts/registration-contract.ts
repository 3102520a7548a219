// A registration body's `spec` (REST, the Register form's API, `signpost apply`): validated before
// anything is registered (a bad document refuses the whole request and changes nothing), stored
// as the next contract version of api:<name> once the registration succeeded. The registration
// itself is stored without it.
import type pg from "pg";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { loadConfig } from "../env";
import { contractApiError } from "./contract-api-error";
import { parseContract, type ParsedContract } from "./parse-contract";
import { saveContract, type ContractOrigin } from "./save-contract";

/** The body limit of a registration: the usual 1 MB plus room for a contract of SIGNPOST_SPEC_MAX_BYTES. */
export function registrationMaxBody(): number {
  return 1_000_000 + loadConfig().SIGNPOST_SPEC_MAX_BYTES;
}

/** The registration without its `spec`, and the validated contract (null when there is none). */
export async function splitRegistrationSpec<T extends Pick<TRegistration, "spec">>(body: T, maxBytes: number): Promise<{ registration: Omit<T, "spec">; contract: ParsedContract | null }> {
  const { spec, ...registration } = body;
  if (spec === undefined) return { registration, contract: null };
  const text = typeof spec === "string" ? spec : JSON.stringify(spec, null, 2);
  if (Buffer.byteLength(text) > maxBytes) {
    throw new ApiError("payload_too_large", `body.spec: the document is larger than ${maxBytes} bytes (SIGNPOST_SPEC_MAX_BYTES)`, { field: "body.spec" });
  }
  const contract = await parseContract(text).catch((err) => {
    throw contractApiError(err, "body.spec");
  });
  return { registration, contract };
}

/** Stores `contract` as the next version of the contract of the registered API `name`. */
export async function saveRegistrationContract(pool: pg.Pool, name: string, contract: ParsedContract | null, author: string, via: string): Promise<void> {
  if (!contract) return;
  const origin: ContractOrigin = via === "cli" ? "cli" : "registration";
  await saveContract(pool, { apiKey: `api:${name}`, contract, origin, author });
}
