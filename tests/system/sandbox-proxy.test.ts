// `signpost start` with SIGNPOST_SANDBOX_KONG_MODE=dbless, as a user runs it: the sandbox gateway
// runs DB-less as under the Kong Ingress Controller (read-only Admin API, configuration pushed by
// the sandbox controller), and its proxy answers: the seeded example's /users reaches a UserMgr pod.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/runtime/check-port";
import { runSignpost, startSignpost } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";
import { send } from "../conformance/kong-proxy-helpers";

describe("signpost start with a DB-less sandbox gateway and its proxy", () => {
  let proc: ReturnType<typeof startSignpost>;
  let dir: string;
  let adminUrl: string;
  let proxyUrl: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-proxy-"));
    const [port, kongPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
    proc = startSignpost(["start"], {
      PORT: String(port), SIGNPOST_DATA_DIR: dir, SIGNPOST_SANDBOX_KUBE_PORT: "0", SIGNPOST_SANDBOX_KONG_PORT: String(kongPort),
      SIGNPOST_SANDBOX_KONG_MODE: "dbless", SIGNPOST_SANDBOX_PROXY_PORT: String(proxyPort), SIGNPOST_SANDBOX_PROXY_TLS_PORT: "0",
    });
    const banner = await waitFor(() => proc.output(), (o) => /sandbox proxy: curl/.test(o) || proc.child.exitCode !== null, { timeoutMs: 170_000, intervalMs: 200, what: "the start banner" });
    if (proc.child.exitCode !== null) throw new Error(`signpost start exited: ${banner.slice(-1500)}`);
    adminUrl = `http://127.0.0.1:${kongPort}`;
    proxyUrl = `http://127.0.0.1:${proxyPort}`;
    expect(banner).toContain(`sandbox gateway: Kong Admin API at ${adminUrl} (DB-less)`);
    expect(banner).toContain(`sandbox proxy: curl -H 'Host: api.shop.example' ${proxyUrl}/users`);
  }, 200_000);

  afterAll(async () => {
    await proc?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("GET / says database off and lists the proxy listener; writes are refused", async () => {
    const root = (await (await fetch(`${adminUrl}/`)).json()) as { configuration: { database: string; proxy_listeners: { port: number }[] } };
    expect(root.configuration.database).toBe("off");
    expect(root.configuration.proxy_listeners[0].port).toBe(Number(new URL(proxyUrl).port));
    const write = await fetch(`${adminUrl}/services`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ host: "x" }) });
    expect(write.status).toBe(405);
  });

  it("Host api.shop.example /users goes through Kong to a UserMgr pod", async () => {
    const r = await waitFor(() => send(proxyUrl, "/users", { host: "api.shop.example" }), (x) => x.status === 200, { timeoutMs: 15_000, what: "the pushed configuration to route /users" });
    expect(r.json).toMatchObject({ service: "usermgr", namespace: "shop", method: "GET", path: "/users" });
    expect(String(r.json!.pod)).toMatch(/^usermgr-/);
    const none = await send(proxyUrl, "/nothing", { host: "api.shop.example" });
    expect([none.status, none.json!.message]).toEqual([404, "no Route matched with those values"]);
  });
});

describe("signpost start refuses bad sandbox proxy settings with one line naming them", () => {
  // `signpost start` opens the embedded database before it binds the proxy: slow on a loaded machine
  it("a proxy port in use", { timeout: 150_000 }, async () => {
    const { createServer } = await import("node:net");
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const taken = (srv.address() as import("node:net").AddressInfo).port;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-proxy-bad-"));
    try {
      const r = await runSignpost(["start"], {
        PORT: String(await freePort()), SIGNPOST_DATA_DIR: dir, SIGNPOST_SANDBOX_KUBE_PORT: "0", SIGNPOST_SANDBOX_KONG_PORT: "0",
        SIGNPOST_SANDBOX_PROXY_PORT: String(taken), SIGNPOST_SANDBOX_PROXY_TLS_PORT: "0",
      });
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim()).toBe(`signpost: port ${taken} is already in use (SIGNPOST_SANDBOX_PROXY_PORT); stop what uses it or set SIGNPOST_SANDBOX_PROXY_PORT to another port`);
    } finally {
      srv.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an unknown gateway mode", async () => {
    const r = await runSignpost(["start"], { SIGNPOST_SANDBOX_KONG_MODE: "cassandra", PORT: "0" });
    expect(r.code).toBe(78);
    expect(r.stderr.trim()).toMatch(/^signpost: configuration: SIGNPOST_SANDBOX_KONG_MODE: .*"postgres".*"dbless"/);
  });
});
