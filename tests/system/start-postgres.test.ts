// `signpost start` with DATABASE_URL pointing at a real PostgreSQL: the catalog is served and
// its rows are in that database; an authenticating proxy's user header is trusted from the
// proxy's address only, whatever a client writes in its headers. Runs when TEST_DATABASE_URL is
// set (.ci/run sets it).
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../helpers/db";
import { startSignpost, statusOf, waitUntilHealthy } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";
import { freePort } from "../../lib/runtime/check-port";

const enabled = Boolean(process.env.TEST_DATABASE_URL);


describe.skipIf(!enabled)("signpost start with DATABASE_URL", () => {
  let db: TestDb;
  let dir: string;
  let port: number;
  let proc: ReturnType<typeof startSignpost>;

  beforeAll(async () => {
    db = await freshDb("postgres", { migrate: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-pg-"));
    port = await freePort();
    proc = startSignpost(["start"], {
      DATABASE_URL: db.url,
      PORT: String(port),
      SIGNPOST_DATA_DIR: dir,
      SIGNPOST_SANDBOX_KUBE_PORT: "0",
      SIGNPOST_SANDBOX_KONG_PORT: "0",
      SIGNPOST_SANDBOX_PROXY_PORT: "0",
      SIGNPOST_SANDBOX_PROXY_TLS_PORT: "0",
      // the "proxy" connects from 127.0.0.2 (all of 127/8 is this machine's loopback)
      SIGNPOST_PROXY_USER_HEADER: "x-forwarded-user",
      SIGNPOST_TRUSTED_PROXIES: "127.0.0.2",
      SIGNPOST_PROXY_ROLE: "editor",
    });
    await waitUntilHealthy(proc, () => statusOf(`http://127.0.0.1:${port}/api/health`), { timeoutMs: 90_000 });
  }, 120_000);

  afterAll(async () => {
    await proc?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves the example catalog from the real database", async () => {
    const body = await waitFor(
      () => fetch(`http://127.0.0.1:${port}/api/v1/apis`).then((r) => r.json() as Promise<{ data: { name: string; proxyUrl: string }[] }>),
      (b) => b.data.length >= 2,
      { timeoutMs: 20_000, what: "the two example APIs" },
    );
    expect(body.data.map((a) => a.name)).toEqual(expect.arrayContaining(["ordermgr", "usermgr"]));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const apis = await client.query("SELECT name FROM apis WHERE gone_at IS NULL ORDER BY name");
      expect(apis.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["ordermgr", "usermgr"]));
      const migrations = await client.query("SELECT migration_name, checksum, finished_at FROM _prisma_migrations");
      expect(migrations.rows.length).toBeGreaterThan(0);
      expect(migrations.rows.every((r) => r.finished_at !== null && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
      expect(fs.existsSync(path.join(dir, "pgdata"))).toBe(false); // no embedded database was created
    } finally {
      await client.end();
    }
  });

  it("trusts the proxy's user header only from the proxy's address", async () => {
    const session = (from: string, headers: Record<string, string>) =>
      new Promise<{ signedIn: boolean; actor: string | null; role: string | null }>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, path: "/api/v1/session", localAddress: from, headers }, (res) => {
            let body = "";
            res.on("data", (d) => (body += d));
            res.on("end", () => resolve(JSON.parse(body)));
          })
          .on("error", reject);
      });
    expect(await session("127.0.0.2", { "x-forwarded-user": "alice" })).toMatchObject({ signedIn: true, actor: "proxy:alice", role: "editor" });
    // the same header from elsewhere, even claiming to be the proxy, signs nobody in
    expect(await session("127.0.0.1", { "x-forwarded-user": "mallory" })).toMatchObject({ signedIn: false, actor: null });
    const spoofed = await session("127.0.0.1", { "x-forwarded-user": "mallory", "x-signpost-peer": "127.0.0.2", "x-forwarded-for": "127.0.0.2" });
    expect(spoofed).toMatchObject({ signedIn: false, actor: null });
  });
});
