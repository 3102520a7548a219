// `signpost status`: every cluster and gateway with its state and freshness. Exit 0 when all
// are live, 3 otherwise, so a pipeline or a probe can gate on it.
import { commandArgs } from "../command-args";
import { connection } from "../connection";
import { CliError, EXIT } from "../fail";
import { createSignpostClient } from "../../lib/client/create-signpost-client";
import { formatStatus } from "../status/format-status";

const USAGE = "signpost status [--url URL] [--token TOKEN]";

/** Runs `signpost status` with its arguments. */
export async function run(args: string[]): Promise<void> {
  const { values, positionals } = commandArgs("status", args, {}, USAGE);
  if (positionals.length) throw new CliError(`status: unexpected argument "${positionals[0]}" (usage: ${USAGE})`, EXIT.usage);
  const client = createSignpostClient(connection(values));
  const { data } = await client.listSources();
  process.stdout.write(`${formatStatus(data).join("\n")}\n`);
  const notLive = data.filter((s) => s.state !== "live");
  if (!data.length) throw new CliError("no sources are configured", EXIT.degraded);
  if (notLive.length) {
    throw new CliError(`${notLive.length} of ${data.length} sources not live: ${notLive.map((s) => `${s.kind} ${s.name} (${s.state})`).join(", ")}`, EXIT.degraded);
  }
}
