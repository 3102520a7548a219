// kong/router/utils.lua get_upstream_uri_v0 and sanitize_uri_postfix: the path Kong sends
// upstream from the service's path, the request path and what strip_path removed.

function sanitizePostfix(postfix: string): string {
  if (postfix === "" ) return postfix;
  if (postfix === "." || postfix === "..") return "";
  if (postfix.startsWith("./")) return postfix.slice(2);
  if (postfix.startsWith("../")) return postfix.slice(3);
  return postfix;
}

/** The upstream path (path_handling v0). `prefix` is the matched path when strip_path is on. */
export function upstreamUri(reqUri: string, servicePath: string | null, stripPath: boolean, prefix: string | null): string {
  const base = servicePath ?? "/";
  const postfix = sanitizePostfix(reqUri.slice((prefix ?? "/").length));
  if (base.endsWith("/")) {
    if (stripPath) {
      if (postfix === "") {
        if (base === "/") return "/";
        return reqUri.endsWith("/") ? base : base.slice(0, -1);
      }
      return postfix.startsWith("/") ? base.slice(0, -1) + postfix : base + postfix;
    }
    return base + reqUri.slice(1);
  }
  if (stripPath) {
    if (postfix === "") return reqUri.length > 1 && reqUri.endsWith("/") ? `${base}/` : base;
    return postfix.startsWith("/") ? base + postfix : `${base}/${postfix}`;
  }
  return reqUri === "/" ? base : base + reqUri;
}
