import type { KongTarget } from "./types";

/** Query values; undefined entries are left out. */
export type KongQuery = Record<string, string | number | undefined>;

function base(adminUrl: string): URL {
  const u = new URL(adminUrl);
  u.username = "";
  u.password = "";
  u.search = "";
  u.hash = "";
  u.pathname = u.pathname.replace(/\/+$/, "");
  return u;
}

/** The Admin API address as shown in messages: no credentials, query or trailing slash. */
export function displayAdminUrl(adminUrl: string): string {
  try {
    const u = base(adminUrl);
    return `${u.origin}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(invalid admin URL)";
  }
}

/**
 * Full request URL: base URL, optional /{workspace} prefix (go-kong workspacedBaseURL), the path
 * and the query.
 */
export function buildKongUrl(target: KongTarget, path: string, query: KongQuery = {}, workspaceScoped = true): string {
  const u = base(target.adminUrl);
  const basePath = u.pathname === "/" ? "" : u.pathname;
  const ws = workspaceScoped && target.workspace ? `/${encodeURIComponent(target.workspace)}` : "";
  u.pathname = `${basePath}${ws}${path.startsWith("/") ? path : `/${path}`}`;
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

/** Encodes an id or name as one path segment. */
export const seg = (s: string) => encodeURIComponent(s);
