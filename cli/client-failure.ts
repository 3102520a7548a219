// The exit code and the one line for a failed call to the server.
import type { SignpostError } from "../lib/client/signpost-error";
import { CliError, EXIT } from "./fail";

/** The CliError for a SignpostError; `doing` names the step ("create orders-v2 (sandbox)"). */
export function cliErrorFor(err: SignpostError, doing?: string): CliError {
  const at = origin(err.url);
  const prefix = doing ? `${doing}: ` : "";
  switch (err.kind) {
    case "unreachable":
      return new CliError(`${prefix}${err.message}; is Signpost running there? (SIGNPOST_URL or --url)`, EXIT.unavailable);
    case "timeout":
      return new CliError(`${prefix}Signpost at ${at} did not answer in time`, EXIT.unavailable);
    case "unauthorized":
      return new CliError(`${prefix}the server refused the token: ${err.message} (SIGNPOST_TOKEN or --token)`, EXIT.unauthorized);
    case "forbidden":
      return new CliError(`${prefix}not allowed: ${err.message}`, EXIT.unauthorized);
    case "not_found":
      return new CliError(`${prefix}${err.message}`, EXIT.notFound);
    case "protocol":
      return new CliError(`${prefix}${err.message}`, EXIT.unavailable);
    case "aborted":
      return new CliError(`${prefix}${err.message}`, EXIT.error);
  }
  if (err.status === 400 || err.status === 422) return new CliError(`${prefix}${err.message}`, EXIT.invalidInput);
  // 429 for a wrong token once this address failed too often: a token problem, not an outage.
  if (err.status === 429 && (err.details as { reason?: string } | undefined)?.reason === "failed_credentials") {
    return new CliError(`${prefix}the server refused the token: ${err.message} (SIGNPOST_TOKEN or --token)`, EXIT.unauthorized);
  }
  if (err.status === 429) return new CliError(`${prefix}Signpost at ${at} is busy: ${err.message}`, EXIT.unavailable);
  if (err.status >= 500) return new CliError(`${prefix}Signpost at ${at} is unavailable: ${err.message}`, EXIT.unavailable);
  return new CliError(`${prefix}${err.message}`, EXIT.error);
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
