// The view of a source for readers who may not see internal details (lib/auth/sees-internals.ts):
// no endpoint (the API server or Admin API address), no raw error text (that it failed and when
// stay: the state, lastErrorAt, and a fixed text in place of the error), and of `info` only what
// describes the catalog, not the software.
import type { TSource } from "../api/schemas/source";

/** `info` keys anyone who may read the catalog sees; every other key (a version, say) is internal. */
const PUBLIC_INFO = new Set(["proxyUrl", "dbless", "pollIntervalMs", "gatewayApi", "resources", "invalidObjects"]);

/** What a redacted view has in place of a source's error text. */
export const HIDDEN_ERROR = "an error occurred (its text is shown to editors and admins)";

/** The source without its internal details. */
export function redactSource(s: TSource): TSource {
  return {
    ...s,
    endpoint: null,
    lastError: s.lastError === null ? null : HIDDEN_ERROR,
    info: Object.fromEntries(Object.entries(s.info).filter(([k]) => PUBLIC_INFO.has(k))),
  };
}

/** The sources as `internals` allows: as they are for editors and admins, redacted for others. */
export function sourcesFor(sources: TSource[], internals: boolean): TSource[] {
  return internals ? sources : sources.map(redactSource);
}
