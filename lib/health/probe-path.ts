// The probe path of an API: a path below its gateway address that the worker GETs to tell
// whether the API answers. It comes from a registration (`probePath`) or from the Service
// annotation `signpost.dev/probe-path`. Pure: the Register form and the schemas use it too.

/** The Service annotation naming an API's probe path. */
export const PROBE_PATH_ANNOTATION = "signpost.dev/probe-path";

/** Longest probe path accepted. */
export const PROBE_PATH_MAX = 512;

/** A path below an address: URL path characters, an optional query, nothing else. */
export const BELOW_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*(\?[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?$/;

/** Whether a path leaves the address it is put below ("//host", "." or ".." segments, also percent-encoded). */
export function leavesAddress(path: string): boolean {
  if (path.startsWith("//")) return true;
  return path
    .split("?")[0]
    .split("/")
    .some((s) => /^(\.|%2e){1,2}$/i.test(s));
}

/** Why `path` is not a probe path, or null when it is one. */
export function probePathProblem(path: string): string | null {
  if (!path.startsWith("/")) return 'must start with "/" (a path below the API\'s address, e.g. /healthz)';
  if (path.length > PROBE_PATH_MAX) return `must be at most ${PROBE_PATH_MAX} characters`;
  if (!BELOW_PATH.test(path)) return "may hold only URL path characters and a ?query (no spaces, no #fragment)";
  if (leavesAddress(path)) return 'must stay below the API\'s address (no "//" start, no "." or ".." segments)';
  return null;
}
