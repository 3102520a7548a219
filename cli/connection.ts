// Where the client commands find the server: --url / --token, else SIGNPOST_URL /
// SIGNPOST_TOKEN. Read here rather than through lib/env: these are the CLI's own settings, not
// the server's, and lib/env would refuse to run a client over an unrelated bad server setting.
import { CliError, EXIT } from "./fail";

/** The server to talk to. */
export type Connection = { baseUrl: string; token?: string };

/** The connection from the flags, then the environment, then the default. */
export function connection(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): Connection {
  const from = flags.url !== undefined ? "--url" : env.SIGNPOST_URL ? "SIGNPOST_URL" : null;
  const baseUrl = (flags.url ?? (env.SIGNPOST_URL || "http://localhost:3000")).trim();
  let ok = false;
  try {
    ok = ["http:", "https:"].includes(new URL(baseUrl).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new CliError(`${from ?? "SIGNPOST_URL"}: "${baseUrl}" is not an http(s) URL such as http://signpost.example:3000`, EXIT.usage);
  const token = (flags.token ?? env.SIGNPOST_TOKEN ?? "").trim();
  return { baseUrl: baseUrl.replace(/\/+$/, ""), ...(token ? { token } : {}) };
}
