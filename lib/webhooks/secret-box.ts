// Webhook secrets must be readable by the dispatcher (it signs with them), so unlike API tokens
// they cannot be hashed: they are sealed with AES-256-GCM under the server's secret key. A sealed
// value names the key it was sealed with (a fingerprint), so a wrong key gives a clear error
// instead of garbage, and it is bound to its row (additional data), so it cannot be copied to
// another webhook.
import crypto from "node:crypto";

const VERSION = "v1";

/** Seals and opens short secrets with one 32-byte key. */
export class SecretBox {
  private readonly key: Buffer;
  /** first 8 hex digits of SHA-256(key): names the key without revealing it */
  readonly keyId: string;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`the secret key must be 32 bytes, not ${key.length}`);
    this.key = Buffer.from(key);
    this.keyId = crypto.createHash("sha256").update(key).digest("hex").slice(0, 8);
  }

  /** Encrypts `plain`; `context` (e.g. "webhook:<id>") must be given again to open it. */
  seal(plain: string, context: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, this.keyId, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(":");
  }

  /** Decrypts a value made by seal() with the same key and context; throws a clear Error otherwise. */
  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, data, extra] = sealed.split(":");
    if (version !== VERSION || !data || extra !== undefined) throw new Error("the sealed secret is malformed");
    if (keyId !== this.keyId) {
      throw new Error(`the secret was sealed with key ${keyId}, but this server's key is ${this.keyId} (SIGNPOST_SECRET_KEY must be the same on every web and worker process)`);
    }
    try {
      const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("the sealed secret does not authenticate (tampered, or sealed for another row)");
    }
  }
}
