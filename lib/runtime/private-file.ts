// A secret generated once and kept in a file only its owner can read (mode 0600): the webhook
// key and the embedded database's password when nothing is configured.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { logger } from "../log";

export type PrivateFile = { value: string; created: boolean };

export type PrivateFileSpec = {
  generate: () => string;
  valid: (text: string) => boolean;
  /** the error message for an existing file that is not valid */
  malformed: string;
};

/**
 * The content of `file` (trimmed) when it is valid; else writes a generated one there first.
 * Throws when the file exists but is not valid (never overwrites a secret someone relies on).
 */
export function readOrCreatePrivateFile(file: string, spec: PrivateFileSpec): PrivateFile {
  const { generate, valid } = spec;
  const existing = readPrivate(file);
  if (existing !== null) {
    if (!valid(existing)) throw new Error(spec.malformed);
    return { value: existing, created: false };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = generate();
  // Written whole to a private temporary file, then linked into place: link() fails if another
  // process got there first, and nobody ever reads a half-written secret.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(tmp, value + "\n", { flag: "wx", mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return { value, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const written = readPrivate(file);
    if (written === null || !valid(written)) throw new Error(spec.malformed);
    return { value: written, created: false };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readPrivate(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) logger.warn("a secret file is readable by others; chmod 600 it", { file });
  return text.trim();
}
