// How `signpost resolve` prints an address: the URL, the JSON entry, or a shell assignment whose
// value is quoted, so that `eval "$(signpost resolve x --format env)"` cannot run anything.
import type { CacheEntry } from "../../lib/client/resolver-cache";

export const RESOLVE_FORMATS = ["url", "json", "env"] as const;
export type ResolveFormat = (typeof RESOLVE_FORMATS)[number];

/** `ORDERS_V2_URL` for `orders-v2`: upper-cased, every other character "_", never a leading digit. */
export function envName(api: string): string {
  const base = api.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return `${/^[0-9]/.test(base) ? "_" : ""}${base}_URL`;
}

/** The text to print (without the final newline); null when the format needs a URL and there is none. */
export function formatResolved(entry: CacheEntry, format: ResolveFormat, stale: boolean): string | null {
  if (format === "json") return JSON.stringify({ ...entry, stale }, null, 2);
  if (entry.url === null) return null;
  return format === "env" ? `${envName(entry.name)}=${shellQuote(entry.url)}` : entry.url;
}

/** `value` as one POSIX shell word: single-quoted, each ' written as '\'' (eval and source give it back exactly). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
