// Argument parsing shared by the client commands: the command's own options plus --url, --token
// and --help; a wrong option is a usage error (64) naming the command.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError, EXIT } from "./fail";

type Options = NonNullable<ParseArgsConfig["options"]>;

const COMMON = {
  url: { type: "string" },
  token: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** Parses `args` for `command`; prints `usage` and exits 0 on --help. */
export function commandArgs<O extends Options>(command: string, args: string[], options: O, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${command}: ${(err as Error).message.split("\n")[0].replace(/\. To specify .*$/, "")} (usage: ${usage})`, EXIT.usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(EXIT.ok);
  }
  return parsed;
}
