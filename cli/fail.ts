// How every command ends on a problem: one line on stderr naming it, and an exit code.

/** Exit codes shared by all commands (documented in the README, section CLI). */
export const EXIT = {
  ok: 0,
  error: 1,
  /** `apply --dry-run` with pending changes, as terraform plan -detailed-exitcode */
  changesPending: 2,
  /** `status`: some source is not live */
  degraded: 3,
  usage: 64,
  invalidInput: 65,
  notFound: 66,
  unavailable: 69,
  config: 78,
  unauthorized: 77,
} as const;

/** A failure a command reports: one line (or file:line:col lines when bare) and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
    /** print the message as it is, without "signpost: " (compiler-style file:line:col lines) */
    readonly bare = false,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Prints `signpost: <message>` (or the bare message) and exits. */
export function fail(message: string, exitCode: number = EXIT.error, bare = false): never {
  process.stderr.write(bare ? `${message}\n` : `signpost: ${message}\n`);
  process.exit(exitCode);
}
