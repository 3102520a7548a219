// Entry of the `signpost` command: dispatches to one module per sub-command, loaded on demand so
// the client commands (apply, resolve, watch, status) never load the server's modules.
import { CliError, EXIT, fail } from "./fail";

const USAGE = `usage: signpost <command> [options]

server commands:
  start       run the portal: web server, sync worker, and (when nothing is configured) the
              embedded database and the sandbox cluster and gateway
  worker      run only the sync worker (production: its own process)
  migrate     apply database migrations and exit
  sandbox     run the sandbox cluster and gateway on their own

client commands (SIGNPOST_URL, default http://localhost:3000; SIGNPOST_TOKEN; or --url, --token):
  apply       apply -f signpost.yaml [--dry-run] [--prune] [--select team=x]
              register the file's APIs on their gateways (a plan first; --dry-run exits 2 when
              changes are pending)
  resolve     resolve <api> [--cache FILE] [--format url|json|env] [--cluster c]
              print an API's address; with --cache, answer from the file when the server is down
  watch       watch --cache FILE [api...]
              keep a cache file current from the change-event stream until stopped
  status      the clusters and gateways and how fresh they are (exit 3 when one is not live)
  help        show this help

exit codes: 0 ok, 1 error, 2 changes pending (apply --dry-run), 3 a source is not live (status),
  64 usage, 65 invalid file, 66 not found, 69 server unreachable, 77 token refused, 78 configuration
`;

type Command = { run(args: string[]): Promise<void> };

const commands: Record<string, () => Promise<Command>> = {
  start: () => import("./commands/start"),
  worker: () => import("./commands/worker"),
  migrate: () => import("./commands/migrate"),
  sandbox: () => import("./commands/sandbox"),
  apply: () => import("./commands/apply"),
  resolve: () => import("./commands/resolve"),
  watch: () => import("./commands/watch"),
  status: () => import("./commands/status"),
};

const [name, ...args] = process.argv.slice(2);
if (!name || name === "help" || name === "--help" || name === "-h") {
  process.stdout.write(USAGE);
  process.exit(name ? EXIT.ok : EXIT.usage);
}
const load = commands[name];
if (!load) fail(`unknown command "${name}" (try: signpost help)`, EXIT.usage);

try {
  const mod = await load();
  await mod.run(args);
} catch (err) {
  // Matched by name, not instanceof: importing lib/env or the client here would slow every command.
  const kind = (err as Error)?.name;
  if (kind === "ConfigError") fail(`configuration: ${(err as Error).message}`, EXIT.config);
  if (err instanceof CliError) fail(err.message, err.exitCode, err.bare);
  if (kind === "SignpostError") {
    const { cliErrorFor } = await import("./client-failure");
    const e = cliErrorFor(err as Parameters<typeof cliErrorFor>[0]);
    fail(e.message, e.exitCode);
  }
  fail((err as Error).message ?? String(err), EXIT.error);
}
