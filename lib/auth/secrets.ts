// Secrets Signpost issues (API tokens, session ids): random, shown once, stored only as hashes.
import crypto from "node:crypto";

/** A new secret with a recognisable prefix, e.g. "sp_tok_3q2…". */
export function newSecret(kind: "tok" | "ses"): string {
  return `sp_${kind}_${crypto.randomBytes(32).toString("base64url")}`;
}

/** SHA-256 of a secret, hex: what the database stores. */
export function hashSecret(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}

/** Constant-time comparison of two secrets. */
export function safeEqual(a: string, b: string): boolean {
  return crypto.timingSafeEqual(crypto.createHash("sha256").update(a).digest(), crypto.createHash("sha256").update(b).digest());
}
