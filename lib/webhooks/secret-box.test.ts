// Sealing webhook secrets, and where the key comes from (setting or a generated 0600 file).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box";
import { loadSecretKey, parseKey } from "./load-secret-key";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-key-"));
  dirs.push(d);
  return d;
};

describe("SecretBox", () => {
  const box = new SecretBox(crypto.randomBytes(32));

  it("round-trips, never contains the plain text, and differs every time", () => {
    const a = box.seal("my-webhook-secret-123", "webhook:1");
    const b = box.seal("my-webhook-secret-123", "webhook:1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("my-webhook-secret");
    expect(a.startsWith(`v1:${box.keyId}:`)).toBe(true);
    expect(box.open(a, "webhook:1")).toBe("my-webhook-secret-123");
  });

  it("refuses another row's context, tampering and another key, with clear messages", () => {
    const sealed = box.seal("my-webhook-secret-123", "webhook:1");
    expect(() => box.open(sealed, "webhook:2")).toThrow(/does not authenticate/);
    const parts = sealed.split(":");
    parts[4] = Buffer.from("x".repeat(21)).toString("base64url");
    expect(() => box.open(parts.join(":"), "webhook:1")).toThrow(/does not authenticate/);
    expect(() => new SecretBox(crypto.randomBytes(32)).open(sealed, "webhook:1")).toThrow(/sealed with key .*\(SIGNPOST_SECRET_KEY must be the same/);
    expect(() => box.open("plain", "webhook:1")).toThrow(/malformed/);
  });
});

describe("loadSecretKey", () => {
  it("takes 32 bytes in hex or base64 as they are, and hashes anything else", () => {
    const key = crypto.randomBytes(32);
    expect(parseKey(key.toString("hex"))).toEqual(key);
    expect(parseKey(key.toString("base64"))).toEqual(key);
    expect(parseKey(key.toString("base64url").replace(/=+$/, ""))).toEqual(key);
    expect(parseKey("correct horse battery staple")).toEqual(crypto.createHash("sha256").update("correct horse battery staple").digest());
    expect(loadSecretKey({ secretKey: key.toString("hex"), dataDir: "/nonexistent" })).toEqual(key);
  });

  it("generates a key once in <data dir>/secret.key with mode 0600 and reuses it", () => {
    const dir = path.join(tmp(), "data");
    const first = loadSecretKey({ dataDir: dir });
    const file = path.join(dir, "secret.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ dataDir: dir })).toEqual(first);
    expect(fs.readdirSync(dir)).toEqual(["secret.key"]);
  });

  it("refuses a malformed key file instead of silently replacing it", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "secret.key"), "short\n", { mode: 0o600 });
    expect(() => loadSecretKey({ dataDir: dir })).toThrow(/malformed/);
  });
});
