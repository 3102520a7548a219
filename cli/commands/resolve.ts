// `signpost resolve <api> [--cache FILE] [--format url|json|env] [--cluster c]`: prints an API's
// address. With --cache it follows the cache-and-refresh pattern (createResolver): the file
// answers, the server is asked only with the entry's ETag, and when the server cannot be reached
// the cached entry is printed with a warning and the exit code is still 0.
import { commandArgs } from "../command-args";
import { connection } from "../connection";
import { CliError, EXIT } from "../fail";
import { createSignpostClient } from "../../lib/client/create-signpost-client";
import { createResolver } from "../../lib/client/create-resolver";
import { SignpostError } from "../../lib/client/signpost-error";
import { entryFromResolved, type CacheEntry } from "../../lib/client/resolver-cache";
import { formatResolved, RESOLVE_FORMATS, type ResolveFormat } from "../resolve/format-resolved";

const USAGE = "signpost resolve <api> [--cache FILE] [--format url|json|env] [--cluster CLUSTER] [--url URL] [--token TOKEN]";

// A cache should answer quickly when the server hangs; without one, waiting longer is better.
const TIMEOUT_WITH_CACHE_MS = 5_000;

/** Runs `signpost resolve` with its arguments. */
export async function run(args: string[]): Promise<void> {
  try {
    await resolve(args);
  } catch (err) {
    // Several clusters have an API of that name: the fix is a flag of this command.
    if (err instanceof SignpostError && err.status === 409) throw new CliError(err.message.replace("add ?cluster=", "add --cluster"), EXIT.usage);
    throw err;
  }
}

async function resolve(args: string[]): Promise<void> {
  const { values, positionals } = commandArgs("resolve", args, {
    cache: { type: "string" },
    format: { type: "string", short: "o" },
    cluster: { type: "string" },
  }, USAGE);
  if (positionals.length !== 1) throw new CliError(`resolve: name one API (usage: ${USAGE})`, EXIT.usage);
  const format = (values.format ?? "url") as ResolveFormat;
  if (!RESOLVE_FORMATS.includes(format)) throw new CliError(`resolve: --format must be one of ${RESOLVE_FORMATS.join(", ")}`, EXIT.usage);
  const name = positionals[0];
  const conn = connection(values);

  let entry: CacheEntry;
  let stale = false;
  if (values.cache) {
    const resolver = createResolver({ ...conn, cacheFile: values.cache, timeoutMs: TIMEOUT_WITH_CACHE_MS });
    const r = await resolver.resolve(name, { cluster: values.cluster });
    ({ entry, stale } = r);
    if (stale) {
      process.stderr.write(`signpost: warning: ${name} from cache (resolved ${r.entry.resolvedAt}); the server is unreachable, the entry may be stale\n`);
    }
  } else {
    const client = createSignpostClient(conn);
    entry = entryFromResolved(await client.resolveApi({ params: { name }, query: values.cluster ? { cluster: values.cluster } : {} }));
  }
  const text = formatResolved(entry, format, stale);
  if (text === null) throw new CliError(`${name} has no address yet (its exposures are pending); try --format json`, EXIT.error);
  process.stdout.write(`${text}\n`);
}
