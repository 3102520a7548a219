// Entry of the `signpost` command: dispatches to one module per sub-command.
import { ConfigError } from "../lib/env";
import { CliError, EXIT, fail } from "./fail";

const USAGE = `usage: signpost <command> [options]

commands:
  start       run the portal: web server, sync worker, and (when nothing is configured) the
              embedded database and the sandbox cluster and gateway
  worker      run only the sync worker (production: its own process)
  migrate     apply database migrations and exit
  sandbox     run the sandbox cluster and gateway on their own
  help        show this help
`;

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  start: () => import("./commands/start"),
  worker: () => import("./commands/worker"),
  migrate: () => import("./commands/migrate"),
  sandbox: () => import("./commands/sandbox"),
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
  if (err instanceof ConfigError) fail(`configuration: ${err.message}`, EXIT.config);
  if (err instanceof CliError) fail(err.message, err.exitCode);
  fail((err as Error).message ?? String(err), EXIT.error);
}
