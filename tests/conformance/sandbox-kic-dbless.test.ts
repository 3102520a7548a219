// The sandbox Ingress Controller in DB-less mode, as KIC runs Kong by default: it pushes the
// whole configuration to POST /config over HTTP; the seeded example then answers through the
// sandbox proxy (Host api.shop.example, /users reaches a UserMgr pod, in turn); an Ingress TLS
// section becomes a certificate served by SNI; a configuration Kong refuses is reported entity by
// entity and the last good one stays.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { request as httpsRequest } from "node:https";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { podResolverFor, startSandboxIngressController, type ControllerSyncReport, type SandboxIngressController } from "../../lib/sandbox/kic/index";
import { startSandboxGateway, startSandboxProxy, type SandboxGateway, type SandboxProxy } from "../../lib/sandbox/kong/index";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube/index";
import { waitFor } from "../../lib/sandbox/kube/testing";
import { adminApi } from "./kong-test-helpers";
import { send } from "./kong-proxy-helpers";

let cluster: SandboxCluster;
let gateway: SandboxGateway;
let proxy: SandboxProxy;
let kic: SandboxIngressController;
const syncs: ControllerSyncReport[] = [];

beforeAll(async () => {
  [cluster, gateway] = await Promise.all([startSandboxCluster({ workloads: true }), startSandboxGateway({ mode: "dbless" })]);
  proxy = await startSandboxProxy({ store: gateway.store, port: 0, tlsPort: 0, resolvePod: podResolverFor(cluster.store) });
  kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 10, dbless: { adminUrl: gateway.url }, onSync: (r) => syncs.push(r) });
  await waitFor(() => syncs.find((s) => s.pushed?.status === 201), { what: "the first push" });
});
afterAll(async () => {
  kic?.stop();
  await proxy?.stop();
  await Promise.all([cluster?.stop(), gateway?.stop()]);
});

const nextPush = () => {
  const seen = syncs.length;
  return waitFor(() => syncs.slice(seen).find((s) => s.pushed), { what: "a push" });
};

describe("sandbox KIC, DB-less", () => {
  it("pushed the whole configuration through POST /config, without the DB-mode select tag", async () => {
    const pushes = gateway.faults.requests.filter((r) => r.method !== "GET");
    expect(pushes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /config?check_hash=1&flatten_errors=1"]);
    const routes = (await adminApi(gateway.url)("GET", "/routes")).body.data as { name: string; tags: string[] }[];
    expect(routes.map((r) => r.name).sort()).toEqual(["shop.shop-api.ordermgr.api.shop.example.80", "shop.shop-api.usermgr.api.shop.example.80"]);
    expect(routes[0].tags).not.toContain("managed-by-ingress-controller");
    expect((await adminApi(gateway.url)("GET", "/status")).body.configuration_hash).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
  });

  it("curl -H 'Host: api.shop.example' /users reaches the UserMgr pods, in turn", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(proxy.url, "/users", { host: "api.shop.example" }));
    for (const a of answers) expect(a.json).toMatchObject({ service: "usermgr", namespace: "shop", method: "GET", path: "/users" });
    const pods = answers.map((a) => a.json!.pod as string);
    expect(new Set(pods).size).toBeGreaterThan(1);
    expect(pods[0]).not.toBe(pods[1]);
    expect((await send(proxy.url, "/orders/7", { host: "api.shop.example" })).json).toMatchObject({ service: "ordermgr", path: "/orders/7" });
    expect((await send(proxy.url, "/users", { host: "other.example" })).status).toBe(404);
  });

  it("an Ingress TLS section becomes a certificate with its SNIs, served on the TLS listener", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kic-tls-"));
    spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "2", "-subj", "/CN=secure.shop.example"], { cwd: dir });
    const b64 = (f: string) => fs.readFileSync(path.join(dir, f)).toString("base64");
    const secret = cluster.store.create({ apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", metadata: { name: "secure-tls", namespace: "shop" }, data: { "tls.crt": b64("c.pem"), "tls.key": b64("k.pem") } });
    fs.rmSync(dir, { recursive: true, force: true });
    const pushed = nextPush();
    cluster.store.create({
      apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "secure", namespace: "shop" },
      spec: { ingressClassName: "kong", tls: [{ hosts: ["secure.shop.example"], secretName: "secure-tls" }],
        rules: [{ host: "secure.shop.example", http: { paths: [{ path: "/users", pathType: "Prefix", backend: { service: { name: "usermgr", port: { number: 80 } } } }] } }] },
    });
    expect((await pushed).pushed?.status).toBe(201);
    const cert = (await adminApi(gateway.url)("GET", `/certificates/${secret.metadata.uid}`)).body;
    expect([cert.snis, cert.tags.slice(0, 3)]).toEqual([["secure.shop.example"], ["k8s-name:secure-tls", "k8s-namespace:shop", "k8s-kind:Secret"]]);
    const res = await new Promise<{ status: number; cn: string; body: string }>((resolve, reject) => {
      const req = httpsRequest({ host: "127.0.0.1", port: proxy.tlsPort, path: "/users/1", servername: "secure.shop.example", rejectUnauthorized: false, headers: { host: "secure.shop.example" } }, (r) => {
        const cn = String((r.socket as import("node:tls").TLSSocket).getPeerCertificate().subject.CN);
        let body = "";
        r.on("data", (c: Buffer) => (body += c));
        r.on("end", () => resolve({ status: r.statusCode!, cn, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect([res.status, res.cn, JSON.parse(res.body).service]).toEqual([200, "secure.shop.example", "usermgr"]);
  });

  it("a configuration Kong refuses is reported per entity, and the last good one stays", async () => {
    const before = (await adminApi(gateway.url)("GET", "/status")).body.configuration_hash;
    const pushed = nextPush();
    cluster.store.create({
      apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "broken", namespace: "shop" },
      spec: { ingressClassName: "kong", rules: [{ host: "broken.shop.example", http: { paths: [{ path: "/~/[", pathType: "ImplementationSpecific", backend: { service: { name: "usermgr", port: { number: 80 } } } }] } }] },
    });
    const report = await pushed;
    expect(report.pushed?.status).toBe(400);
    expect(report.errors).toEqual([expect.stringMatching(/^route shop\.broken\.usermgr\.broken\.shop\.example\.80: paths\.1: invalid regex/)]);
    expect((await adminApi(gateway.url)("GET", "/status")).body.configuration_hash).toBe(before);
    expect((await send(proxy.url, "/users", { host: "api.shop.example" })).status).toBe(200);
  });
});
