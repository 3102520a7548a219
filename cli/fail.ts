// How every command ends on a problem: one line on stderr naming it, and an exit code.

/** Exit codes shared by all commands (documented in the README). */
export const EXIT = {
  ok: 0,
  error: 1,
  /** `apply --dry-run` with pending changes, as terraform plan -detailed-exitcode */
  changesPending: 2,
  usage: 64,
  invalidInput: 65,
  notFound: 66,
  unavailable: 69,
  config: 78,
  unauthorized: 77,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
  }
}

/** Prints `signpost: <message>` and exits. */
export function fail(message: string, exitCode: number = EXIT.error): never {
  process.stderr.write(`signpost: ${message}\n`);
  process.exit(exitCode);
}
