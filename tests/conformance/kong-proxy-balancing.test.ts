// The sandbox proxy beyond routing: round robin over an upstream's targets (by weight, skipping
// weight 0 and targets marked unhealthy), Kong's 503 without a peer, key-auth enforced as its
// handler does, local rate-limiting with its headers, TLS by SNI from the gateway's certificates,
// and sandbox pods answering with who they are.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { request as httpsRequest } from "node:https";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandboxGateway, startSandboxProxy, type SandboxGateway, type SandboxProxy } from "../../lib/sandbox/kong";
import { adminApi } from "./kong-test-helpers";
import { echoServer, send } from "./kong-proxy-helpers";

function selfSigned(host: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxy-tls-"));
  spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "2", "-subj", `/CN=${host}`], { cwd: dir });
  const out = { cert: fs.readFileSync(path.join(dir, "c.pem"), "utf8"), key: fs.readFileSync(path.join(dir, "k.pem"), "utf8") };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

describe("sandbox proxy: balancing, plugins, TLS, pods", () => {
  let gateway: SandboxGateway;
  let proxy: SandboxProxy;
  let ups: Awaited<ReturnType<typeof echoServer>>[];
  let api: ReturnType<typeof adminApi>;
  const pods = new Map([["10.244.0.7:8080", { pod: "usermgr-7d9f-abcde", namespace: "shop", service: "usermgr" }]]);

  beforeAll(async () => {
    ups = await Promise.all(["a", "b"].map(echoServer));
    gateway = await startSandboxGateway({ port: 0 });
    proxy = await startSandboxProxy({ store: gateway.store, port: 0, tlsPort: 0, resolvePod: (h, p) => pods.get(`${h}:${p}`) ?? null });
    api = adminApi(gateway.url);
  });
  afterAll(async () => {
    await proxy?.stop();
    await gateway?.stop();
    await Promise.all(ups.map((u) => u.stop()));
  });
  beforeEach(async () => {
    gateway.store.clear();
    await api("POST", "/upstreams", { name: "orders.internal" });
    await api("POST", "/services", { name: "orders", url: "http://orders.internal" });
    await api("POST", "/services/orders/routes", { name: "orders", paths: ["/orders"], strip_path: false });
  });

  const servers = async (n: number) => {
    const seen: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const r = await send(proxy.url, "/orders");
      seen.push(r.status === 200 ? r.json!.server : r.status);
    }
    return seen;
  };

  it("takes the targets in turn, by weight", async () => {
    await api("POST", "/upstreams/orders.internal/targets", { target: `127.0.0.1:${ups[0].port}`, weight: 100 });
    await api("POST", "/upstreams/orders.internal/targets", { target: `127.0.0.1:${ups[1].port}`, weight: 100 });
    const seen = await servers(4);
    expect([...seen].sort()).toEqual(["a", "a", "b", "b"]);
    expect(seen[0]).not.toBe(seen[1]);
    await api("PATCH", `/upstreams/orders.internal/targets/127.0.0.1:${ups[1].port}`, { weight: 300 });
    expect((await servers(8)).filter((s) => s === "b")).toHaveLength(6);
  });

  it("answers 503 when no target can take the request: none, weight 0, or marked unhealthy", async () => {
    const none = await send(proxy.url, "/orders");
    expect([none.status, none.json!.message]).toEqual([503, "failure to get a peer from the ring-balancer"]);
    await api("POST", "/upstreams/orders.internal/targets", { target: `127.0.0.1:${ups[0].port}`, weight: 0 });
    expect(await servers(1)).toEqual([503]);
    await api("PATCH", `/upstreams/orders.internal/targets/127.0.0.1:${ups[0].port}`, { weight: 10 });
    expect(await servers(1)).toEqual(["a"]);
    // marking needs health checks on the upstream (else Kong: "no healthchecker found")
    const refused = await api("PUT", `/upstreams/orders.internal/targets/127.0.0.1:${ups[0].port}/unhealthy`);
    expect([refused.status, refused.body.message]).toEqual([400, "no healthchecker found for orders.internal"]);
    await api("PATCH", "/upstreams/orders.internal", { healthchecks: { passive: { unhealthy: { http_failures: 3 } } } });
    expect((await api("PUT", `/upstreams/orders.internal/targets/127.0.0.1:${ups[0].port}/unhealthy`)).status).toBe(204);
    const health = await api("GET", "/upstreams/orders.internal/health");
    expect(health.body.data[0]).toMatchObject({ health: "UNHEALTHY", data: { addresses: [{ ip: "127.0.0.1", port: ups[0].port, health: "UNHEALTHY" }] } });
    expect(await servers(1)).toEqual([503]);
    expect((await api("PUT", `/upstreams/orders.internal/targets/127.0.0.1:${ups[0].port}/healthy`)).status).toBe(204);
    expect(await servers(1)).toEqual(["a"]);
  });

  it("enforces key-auth: no key, a wrong key, a good key (the consumer reaches the upstream)", async () => {
    await api("POST", "/upstreams/orders.internal/targets", { target: `127.0.0.1:${ups[0].port}` });
    await api("POST", "/routes/orders/plugins", { name: "key-auth", config: { hide_credentials: true } });
    await api("POST", "/consumers", { username: "alice" });
    await api("POST", "/consumers/alice/key-auth", { key: "alice-key" });
    const none = await send(proxy.url, "/orders");
    expect([none.status, none.json!.message, none.headers["www-authenticate"]]).toEqual([401, "No API key found in request", "Key"]);
    const wrong = await send(proxy.url, "/orders", { headers: { apikey: "nope" } });
    expect([wrong.status, wrong.json!.message]).toEqual([401, "Unauthorized"]);
    const ok = await send(proxy.url, "/orders?apikey=alice-key");
    expect(ok.status).toBe(200);
    expect(ok.json!.url).toBe("/orders");
    expect((ok.json!.headers as Record<string, string>)["x-consumer-username"]).toBe("alice");
  });

  it("rate-limits locally with Kong's headers, then 429", async () => {
    await api("POST", "/upstreams/orders.internal/targets", { target: `127.0.0.1:${ups[0].port}` });
    await api("POST", "/services/orders/plugins", { name: "rate-limiting", config: { hour: 2, limit_by: "ip" } });
    const first = await send(proxy.url, "/orders");
    expect([first.headers["x-ratelimit-limit-hour"], first.headers["x-ratelimit-remaining-hour"], first.headers["ratelimit-remaining"]]).toEqual(["2", "1", "1"]);
    expect((await send(proxy.url, "/orders")).status).toBe(200);
    const third = await send(proxy.url, "/orders");
    expect([third.status, third.json!.message, third.headers["ratelimit-remaining"]]).toEqual([429, "API rate limit exceeded", "0"]);
    expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("serves TLS with the certificate whose SNI the client names", async () => {
    await api("POST", "/upstreams/orders.internal/targets", { target: `127.0.0.1:${ups[0].port}` });
    const tls = selfSigned("secure.shop.example");
    await api("POST", "/certificates", { ...tls, snis: ["secure.shop.example"] });
    const res = await new Promise<{ status: number; subject: string; body: string }>((resolve, reject) => {
      const req = httpsRequest({ host: "127.0.0.1", port: proxy.tlsPort, path: "/orders", servername: "secure.shop.example", rejectUnauthorized: false, headers: { host: "secure.shop.example" } }, (r) => {
        let body = "";
        const subject = String((r.socket as import("node:tls").TLSSocket).getPeerCertificate().subject.CN);
        r.on("data", (c: Buffer) => (body += c));
        r.on("end", () => resolve({ status: r.statusCode!, subject, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(res.subject).toBe("secure.shop.example");
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { headers: Record<string, string> }).headers["x-forwarded-proto"]).toBe("https");
  });

  it("a sandbox pod behind a target answers with its service, pod, method and path", async () => {
    await api("POST", "/upstreams/orders.internal/targets", { target: "10.244.0.7:8080" });
    const r = await send(proxy.url, "/orders/17", { method: "POST", host: "api.shop.example" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ service: "usermgr", namespace: "shop", pod: "usermgr-7d9f-abcde", method: "POST", path: "/orders/17" });
    expect(r.headers.via).toBe("1.1 kong/3.9.1");
  });
});
