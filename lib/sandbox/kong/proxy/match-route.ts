// Matching a request against compiled sub-routes, as the expressions the compat router generates
// for each route do (kong/router/transform.lua get_expression): hosts (exact, "*.suffix",
// "prefix.*", with a port only when the route names one), paths ("^=" prefix or "~" regex
// anchored at the start), methods, headers (case-insensitive; "~*" values are regexes) and SNIs.
import type { SubRoute } from "./compile-routes";

/** What the router is given for one request. */
export type RouteRequest = { method: string; path: string; host: string; port: number; headers: Record<string, string | string[] | undefined>; sni?: string };

/** The first sub-route that matches, with the matched path (for strip_path) and regex captures. */
export type RouteMatch = { sub: SubRoute; matchedPath: string | null; captures?: string[] };

/** split_host_port: lowercase host, and the port when the Host header carries one. */
export function splitHostPort(hostHeader: string, defaultPort: number): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!m) return { host: hostHeader.toLowerCase(), port: defaultPort };
  return { host: m[1], port: m[2] ? Number(m[2]) : defaultPort };
}

function hostMatches(pattern: string, host: string, port: number): boolean {
  const p = pattern.toLowerCase();
  const withPort = /^(.*):(\d+)$/.exec(p);
  if (withPort && !withPort[1].endsWith("]")) return hostMatches(withPort[1], host, port) && Number(withPort[2]) === port;
  if (p.startsWith("*.")) return host.endsWith(p.slice(1));
  if (p.endsWith(".*")) return host.startsWith(p.slice(0, -1));
  return host === p;
}

const regexCache = new Map<string, RegExp | null>();
function compiled(source: string, flags = ""): RegExp | null {
  const key = `${flags}/${source}`;
  if (!regexCache.has(key)) {
    try {
      regexCache.set(key, new RegExp(source, flags));
    } catch {
      regexCache.set(key, null);
    }
  }
  return regexCache.get(key)!;
}

function matchPaths(paths: string[], path: string): { matched: string; captures?: string[] } | null {
  for (const p of paths) {
    if (!p.startsWith("~")) {
      if (path.startsWith(p)) return { matched: p };
      continue;
    }
    const m = compiled(`^(?:${p.slice(1)})`)?.exec(path);
    if (m) return { matched: m[0], captures: m.length > 1 ? m.slice(1) : undefined };
  }
  return null;
}

function headerValues(headers: RouteRequest["headers"], name: string): string[] {
  const v = headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The first matching sub-route in priority order, or null (Kong's 404). */
export function matchRoute(subs: readonly SubRoute[], req: RouteRequest): RouteMatch | null {
  for (const sub of subs) {
    const r = sub.route;
    const hosts = r.hosts as string[] | null;
    if (hosts?.length && !hosts.some((h) => hostMatches(h, req.host, req.port))) continue;
    const methods = r.methods as string[] | null;
    if (methods?.length && !methods.includes(req.method)) continue;
    const snis = r.snis as string[] | null;
    if (snis?.length && !(req.sni && snis.includes(req.sni.toLowerCase()))) continue;
    const headers = r.headers as Record<string, string[]> | null;
    if (headers && Object.keys(headers).length) {
      const ok = Object.entries(headers).every(([name, wanted]) => headerValues(req.headers, name).some((got) =>
        wanted.some((w) => (w.startsWith("~*") ? compiled(w.slice(2), "i")?.test(got) : w.toLowerCase() === got.toLowerCase()))));
      if (!ok) continue;
    }
    if (!sub.paths) return { sub, matchedPath: null };
    const m = matchPaths(sub.paths, req.path);
    if (m) return { sub, matchedPath: m.matched, captures: m.captures };
  }
  return null;
}
