// The browser session cookie: its name, reading it from a request, and the Set-Cookie values that
// set and clear it (httpOnly, SameSite=Lax; Secure when the request came over HTTPS).

export const SESSION_COOKIE = "signpost_session";

/** The session cookie's value in `req`, or null. */
export function sessionCookie(req: Request): string | null {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim()) || null;
      } catch {
        return part.slice(i + 1).trim() || null;
      }
    }
  }
  return null;
}

/** Set-Cookie for a new session of `maxAgeSeconds`. */
export function sessionCookieHeader(secret: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(secret)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/** Set-Cookie that removes the session cookie (signed out, or a session that no longer exists). */
export const CLEAR_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
