// Small URL helpers shared by the exposure derivations.

/** http or https for a Service port: https when the port says so by name, appProtocol or number. */
export function schemeForPort(p: { name?: string; port: number; appProtocol?: string }): "http" | "https" {
  const app = p.appProtocol?.toLowerCase();
  if (app === "https" || app === "kubernetes.io/wss") return "https";
  if (p.name?.toLowerCase().startsWith("https")) return "https";
  return p.port === 443 ? "https" : "http";
}

/** Joins host and port, bracketing IPv6 literals. */
export function hostPort(host: string, port?: number): string {
  const h = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return port === undefined || port === 0 ? h : `${h}:${port}`;
}

/** True when `host` is covered by a TLS host entry (exact, or a `*.` wildcard one label deep). */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith("*.")) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes(".");
  }
  return false;
}

/** Normalises a URL path so "/users" and "/users/" compare equal; "" becomes "/". */
export function joinPath(base: string, path: string): string {
  const b = base.replace(/\/+$/, "");
  const p = path.startsWith("/") ? path : `/${path}`;
  return `${b}${p}`;
}
