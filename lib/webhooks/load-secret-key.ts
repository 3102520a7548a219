// The server's secret key (what SecretBox seals webhook secrets with). Production must set
// SIGNPOST_SECRET_KEY: every web replica and worker has to use the same key, and a key file on one
// machine's disk is not shared. Without it (a single machine: `signpost start`) a random key is
// generated once and kept in <data dir>/secret.key, readable by the owner only.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { logger } from "../log";

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
  const existing = readKeyFile(file);
  if (existing) return existing;
  fs.mkdirSync(source.dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  // Written whole to a private temporary file, then linked into place: link() fails if another
  // process got there first, and nobody ever reads a half-written key.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(tmp, key.toString("base64") + "\n", { flag: "wx", mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    logger.warn("generated a secret key for webhook secrets; set SIGNPOST_SECRET_KEY when running more than one machine", { file });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const written = readKeyFile(file);
    if (!written) throw new Error(`${file} is malformed (not 32 bytes in base64); delete it or set SIGNPOST_SECRET_KEY`);
    return written;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
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

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32) return null;
  if ((fs.statSync(file).mode & 0o077) !== 0) logger.warn("the secret key file is readable by others; chmod 600 it", { file });
  return key;
}
