// The server's secret key (what SecretBox seals webhook secrets with). Production must set
// SIGNPOST_SECRET_KEY: every web replica and worker has to use the same key, and a key file on one
// machine's disk is not shared. Without it (a single machine: `signpost start`) a random key is
// generated once and kept in <data dir>/secret.key, readable by the owner only.
import crypto from "node:crypto";
import path from "node:path";
import { logger } from "../log";
import { readOrCreatePrivateFile } from "../runtime/private-file";

export type SecretKeySource = {
  /** SIGNPOST_SECRET_KEY: 32 bytes in hex or base64, or any other string (hashed with SHA-256) */
  secretKey?: string;
  /** where the generated key file lives when no key is set */
  dataDir: string;
};

/** Returns the 32-byte key from the setting, or from (creating if needed) `<dataDir>/secret.key`. */
export function loadSecretKey(source: SecretKeySource): Buffer {
  if (source.secretKey) return parseKey(source.secretKey);
  const file = path.join(source.dataDir, "secret.key");
  const key = readOrCreatePrivateFile(file, {
    generate: () => crypto.randomBytes(32).toString("base64"),
    valid: (text) => Buffer.from(text, "base64").length === 32,
    malformed: `${file} is malformed (not 32 bytes in base64); delete it or set SIGNPOST_SECRET_KEY`,
  });
  if (key.created) logger.warn("generated a secret key for webhook secrets; set SIGNPOST_SECRET_KEY when running more than one machine", { file });
  return Buffer.from(key.value, "base64");
}

/** 64 hex digits or base64 of 32 bytes are taken as the key itself; anything else is hashed. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t, "base64");
    if (b.length === 32) return b;
  }
  if (t.length < 16) logger.warn("SIGNPOST_SECRET_KEY is short; use 32 random bytes (openssl rand -base64 32)");
  return crypto.createHash("sha256").update(t).digest();
}
