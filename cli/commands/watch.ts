// `signpost watch --cache FILE [api...]`: keeps a cache file current from the change-event
// stream (a sidecar next to a consumer that runs `signpost resolve --cache`). Prints one line per
// cache rewrite; reconnects with backoff and resumes with Last-Event-ID after disconnects and
// server restarts; runs until SIGINT or SIGTERM. Without names it watches the cache's entries.
import { commandArgs } from "../command-args";
import { connection } from "../connection";
import { CliError, EXIT } from "../fail";
import { createResolver } from "../../lib/client/create-resolver";
import type { WatchStatus, WatchUpdate } from "../../lib/client/watch-cache";

const USAGE = "signpost watch --cache FILE [api...] [--url URL] [--token TOKEN]";

/** Runs `signpost watch` with its arguments. */
export async function run(args: string[]): Promise<void> {
  const { values, positionals } = commandArgs("watch", args, { cache: { type: "string" } }, USAGE);
  if (!values.cache) throw new CliError(`watch: --cache FILE is required (usage: ${USAGE})`, EXIT.usage);
  const resolver = createResolver({ ...connection(values), cacheFile: values.cache });
  const keys = positionals.length ? [...new Set(positionals)] : Object.keys((await resolver.readCache()).apis);
  if (!keys.length) throw new CliError(`watch: nothing to watch: name APIs, or resolve some into ${values.cache} first`, EXIT.usage);

  const err = (line: string) => process.stderr.write(`signpost: ${line}\n`);
  const onChange = (u: WatchUpdate) =>
    process.stdout.write(u.entry ? `${u.key}: ${u.entry.url ?? "(address pending)"} (etag ${u.entry.etag}, index ${u.entry.index ?? "-"})\n` : `${u.key}: gone (removed from the cache)\n`);
  const onStatus = (s: WatchStatus) => {
    if (s.state === "connected") err(`watching ${keys.join(", ")} (connected to ${resolver.client.baseUrl}${s.lastEventId ? `, resuming after event ${s.lastEventId}` : ""})`);
    else if (s.state === "disconnected") err(`warning: event stream lost (${s.error.message}); reconnecting in ${(s.retryInMs / 1000).toFixed(1)} s`);
    else err(`warning: ${s.key}: ${s.error.message}; the cached entry is kept`);
  };
  const watcher = resolver.watch(keys, onChange, { onStatus });
  const stop = () => void watcher.stop().then(() => process.exit(EXIT.ok));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Resolves only after stop() (which exits); rejects when the token is refused.
  await watcher.done;
}
