// Runs the decK binary built by tools/real/build-kong-tools.sh, and builds the decK files the
// tests sync (with a self-signed certificate made by openssl for the TLS entities).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The decK binary. */
export const DECK_BIN = path.resolve(import.meta.dirname, "../../../tools/real/bin/deck");

/** Runs `deck <args>` against `adminUrl` (analytics off); resolves with the exit code and output. */
export function deck(adminUrl: string, args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(DECK_BIN, [...args, "--kong-addr", adminUrl, "--analytics=false", "--no-color"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** "Summary: Created: N Updated: N Deleted: N" of a sync or diff, as numbers. */
export function summary(out: string): { created: number; updated: number; deleted: number } {
  const n = (what: string) => Number(new RegExp(`${what}: (\\d+)`).exec(out)?.[1] ?? NaN);
  return { created: n("Created"), updated: n("Updated"), deleted: n("Deleted") };
}

/** A self-signed certificate and its key for `host` (PEM), made with openssl in a temp folder. */
export function selfSignedCertificate(host: string): { cert: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-cert-"));
  try {
    const r = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
      "-days", "30", "-subj", `/CN=${host}`, "-addext", `subjectAltName=DNS:${host}`], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`openssl req failed: ${r.stderr}`);
    return { cert: fs.readFileSync(path.join(dir, "cert.pem"), "utf8"), key: fs.readFileSync(path.join(dir, "key.pem"), "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A platform team's decK file: a service with a route, plugins on both, a consumer with a
 * key-auth credential, an upstream with two targets, a certificate with an SNI.
 */
export function platformFile(tls: { cert: string; key: string }, selectTags?: string[]): Record<string, unknown> {
  return {
    _format_version: "3.0",
    ...(selectTags ? { _info: { select_tags: selectTags } } : {}),
    services: [{
      name: "billing", url: "http://billing.internal:8080/v1", tags: ["team-billing"],
      routes: [{
        name: "billing-v1", paths: ["/billing"], hosts: ["api.platform.example"], methods: ["GET", "POST"], strip_path: false,
        plugins: [{ name: "key-auth", config: { key_names: ["apikey"], hide_credentials: true } }],
      }],
      plugins: [{ name: "rate-limiting", config: { minute: 100, policy: "local" } }],
    }],
    consumers: [{ username: "alice", custom_id: "a-1", tags: ["team-billing"], keyauth_credentials: [{ key: "alice-secret-key" }] }],
    upstreams: [{
      name: "billing.internal", algorithm: "round-robin",
      targets: [{ target: "10.0.0.12:8080", weight: 100 }, { target: "10.0.0.13:8080", weight: 50 }],
    }],
    certificates: [{ id: "6f0f6b4e-8a4b-4c1e-9d7e-3b2a1c0d9e8f", cert: tls.cert, key: tls.key, snis: [{ name: "api.platform.example" }] }],
  };
}
