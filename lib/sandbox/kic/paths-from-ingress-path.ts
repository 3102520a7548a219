// KIC's PathsFromIngressPaths (internal/dataplane/translator/subtranslator/ingress.go): how one
// Ingress path becomes Kong route paths, plain prefixes first, then `~` regexes (Kong 3.x).

/** The controller's regex marker: an Ingress path "/~/x$" is the Kong regex "~/x$". */
const CONTROLLER_REGEX_PREFIX = "/~";

/** Runs of "/" collapse to one, as KIC does before translating. */
export function flattenMultipleSlashes(path: string): string {
  return path.replace(/\/{2,}/g, "/");
}

/**
 * Kong route paths for an Ingress path: Prefix /foo → ["/foo/", "~/foo$"], Prefix / → ["/"],
 * Exact /foo → ["~/foo$"], ImplementationSpecific as written ("" → "/"). An unknown type gives
 * []. `regexPrefix` is the konghq.com/regex-prefix annotation (default "/~").
 */
export function pathsFromIngressPath(path: string, pathType: string, regexPrefix = CONTROLLER_REGEX_PREFIX): string[] {
  const plain: string[] = [];
  const regex: string[] = [];
  switch (pathType) {
    case "Prefix": {
      const base = path.replace(/^\/+|\/+$/g, "");
      if (base === "") plain.push("/");
      else {
        plain.push(`/${base}/`);
        regex.push(`~/${base}$`);
      }
      break;
    }
    case "Exact":
      regex.push(`~/${path.replace(/^\/+/, "")}$`);
      break;
    case "ImplementationSpecific":
      plain.push(path === "" ? "/" : path);
      break;
    default:
      return [];
  }
  return [...plain, ...regex].map((p) => (p.startsWith(regexPrefix) ? `~${p.slice(regexPrefix.length)}` : p));
}
