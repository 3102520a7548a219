// The metric label of a request: its route template (/api/v1/apis/{id}), not its path, so the
// number of series stays bounded however many distinct ids, names or unknown paths arrive.

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The label for a path no route serves (the /api catch-all's {path}). */
export const UNMATCHED = "(unmatched)";

/**
 * The template of `pathname` given the route's dynamic params (Next.js lists them in path order):
 * each param's segment becomes {name}. A catch-all param (an array) or a param that cannot be
 * placed gives UNMATCHED.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[] | undefined>): string {
  const segments = pathname.split("/");
  let from = 1;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== "string") return UNMATCHED;
    const at = segments.findIndex((s, i) => i >= from && decoded(s) === value);
    if (at < 0) return UNMATCHED;
    segments[at] = `{${name}}`;
    from = at + 1;
  }
  return segments.join("/");
}

/** The method label: one of the HTTP methods routes serve, else OTHER. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "OTHER";
}

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
