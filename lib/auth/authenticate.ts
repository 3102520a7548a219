// Who is calling: the bootstrap admin token, an API token, or a browser session.
import crypto from "node:crypto";
import { loadConfig } from "../env";

export type Role = "viewer" | "editor" | "admin";
export type Actor = { name: string; role: Role; via: "bootstrap" | "token" | "session" | "proxy"; tokenId?: string };

/** Resolves the caller of a request, or null when anonymous. */
export async function authenticate(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (m) {
    const token = m[1];
    const admin = loadConfig().SIGNPOST_ADMIN_TOKEN;
    if (admin && safeEqual(token, admin)) return { name: "bootstrap-admin", role: "admin", via: "bootstrap" };
  }
  return null;
}

/** Constant-time comparison of two secrets. */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
