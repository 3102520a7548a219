// Cross-site request forgery: a browser sends cookies (Signpost's session, an authenticating
// proxy's own cookie) with requests other sites make, including body-less POSTs and form posts.
// A write that is not bearer-authenticated must therefore prove it comes from Signpost's own pages:
// the session's CSRF token in X-CSRF-Token, or the browser's word that it is same-origin
// (Sec-Fetch-Site, else Origin), neither of which a page on another site can forge.
import { loadConfig } from "../env";
import { ApiError } from "../api/errors";
import { peerAddress } from "./client-address";
import { addressInList } from "../net/address-list";
import { safeEqual } from "./secrets";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Throws 403 unless `req` (a write by a session or proxy user) carries `csrf` or is same-origin. */
export function checkWriteOrigin(req: Request, csrf: string | null): void {
  if (SAFE_METHODS.has(req.method)) return;
  const sent = req.headers.get("x-csrf-token");
  if (csrf && sent && safeEqual(sent, csrf)) return;
  if (isSameOrigin(req)) return;
  throw new ApiError(
    "forbidden",
    csrf
      ? "cross-site write refused: a cookie-authenticated write needs the session's X-CSRF-Token header (GET /api/v1/session) or must come from Signpost's own pages"
      : "cross-site write refused: a proxy-authenticated write must come from Signpost's own pages (scripts use a bearer token)",
  );
}

/** True when the browser says the request comes from a page of this origin. */
export function isSameOrigin(req: Request): boolean {
  // Fetch Metadata: set by the browser, never by a page's script. "same-site" is not enough: a
  // sibling subdomain is another application.
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return false;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  return requestHosts(req).includes(host);
}

/** The host the client addressed: Host, and X-Forwarded-Host when a trusted proxy set it. */
function requestHosts(req: Request): string[] {
  const hosts: (string | null | undefined)[] = [req.headers.get("host")];
  const peer = peerAddress(req);
  const trusted = loadConfig().SIGNPOST_TRUSTED_PROXIES;
  if (peer && trusted && addressInList(peer, trusted)) hosts.push(req.headers.get("x-forwarded-host")?.split(",")[0]);
  return hosts.filter((h): h is string => Boolean(h)).map((h) => h.trim().toLowerCase());
}
