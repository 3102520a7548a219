// `signpost start` keeps to this machine unless told otherwise: the web server listens on
// 127.0.0.1 (HOST opens it), and the embedded database asks for a password generated into the
// data directory (mode 0600) instead of accepting any. A data directory from before the password
// existed, and one reused across restarts, keep working.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/runtime/check-port";
import { startSignpostServer, type SignpostServer } from "../helpers/signpost-server";

// An address of this machine that is not loopback: where "all interfaces" would also answer.
const external = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

let dir: string;
let dbPort: number;
let server: SignpostServer | undefined;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-host-"));
  dbPort = await freePort();
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const reachable = (host: string, port: string) =>
  fetch(`http://${host}:${port}/api/health`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.status,
    (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
  );

async function connect(password: string): Promise<number> {
  const client = new pg.Client({ host: "127.0.0.1", port: dbPort, user: "postgres", password, database: "postgres" });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.query("SELECT count(*)::int AS n FROM apis")).rows[0].n as number;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("signpost start on this machine", () => {
  it("serves on 127.0.0.1 only by default; the database wants the generated password", async () => {
    server = await startSignpostServer({ dataDir: dir, env: { SIGNPOST_EMBEDDED_DB_PORT: String(dbPort) } });
    const port = new URL(server.url).port;
    expect(await reachable("127.0.0.1", port)).toBe(200);
    if (external) expect(await reachable(external, port)).toBe("ECONNREFUSED");

    const file = path.join(dir, "db-password");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const password = fs.readFileSync(file, "utf8").trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    await expect(connect("postgres")).rejects.toMatchObject({ code: "28P01" });
    expect(await connect(password)).toBeGreaterThan(0);
    await server.stop();
  }, 180_000);

  it("starts again on the same data directory, and on one without a password file (HOST=0.0.0.0 opens it)", async () => {
    const before = fs.readFileSync(path.join(dir, "db-password"), "utf8").trim();
    server = await startSignpostServer({ dataDir: dir, env: { SIGNPOST_EMBEDDED_DB_PORT: String(dbPort) } });
    expect(fs.readFileSync(path.join(dir, "db-password"), "utf8").trim()).toBe(before);
    expect(await connect(before)).toBeGreaterThan(0);
    await server.stop();

    // A data directory made before passwords existed: the database is kept, a password is made.
    fs.rmSync(path.join(dir, "db-password"));
    server = await startSignpostServer({ dataDir: dir, env: { SIGNPOST_EMBEDDED_DB_PORT: String(dbPort), HOST: "0.0.0.0" } });
    const after = fs.readFileSync(path.join(dir, "db-password"), "utf8").trim();
    expect(after).not.toBe(before);
    expect(await connect(after)).toBeGreaterThan(0);
    await expect(connect(before)).rejects.toMatchObject({ code: "28P01" });
    if (external) expect(await reachable(external, new URL(server.url).port)).toBe(200);
    expect(server.output()).toContain("(on every interface: HOST)");
  }, 300_000);
});
