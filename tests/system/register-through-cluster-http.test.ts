// Registration through the cluster over HTTP, against `signpost start` as a user runs it:
// 1. SIGNPOST_SANDBOX_KONG_MODE=dbless with nothing else configured registers out of the box
//    through the sandbox cluster (an Ingress, checked with kubectl), the sandbox controller
//    publishes it, the catalog links the gateway route, the proxy reaches a pod, deregistration
//    removes both; the manifest passes `kubectl apply --dry-run=server` and creates nothing.
// 2. A configured cluster and DB-less gateway with a parent Gateway: registration writes an
//    HTTPRoute, which the controller publishes; writes outside SIGNPOST_KUBE_WRITE_NAMESPACES are
//    refused (403 naming the setting), and an RBAC refusal of the API server becomes an error
//    naming verb, resource and namespace.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/runtime/check-port";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { podResolverFor, startSandboxIngressController } from "../../lib/sandbox/kic";
import { startSignpost, statusOf, waitUntilHealthy } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";
import { send } from "../conformance/kong-proxy-helpers";

const TOKEN = "http-test-admin-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
type Api = { id: string; name: string; exposures: { mode: string; status: string; url: string | null; details: Record<string, unknown> }[] };
type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** kubectl with `kubeconfig` and a discovery cache of its own; resolves stdout, rejects with stderr. */
function kubectl(kubeconfig: string, args: string[], stdin?: string): Promise<string> {
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(path.dirname(kubeconfig), "kubecache") };
  return new Promise((resolve, reject) => {
    const child = execFile("kubectl", args, { env }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
    child.stdin!.end(stdin ?? "");
  });
}

const body = (name: string, over: Record<string, unknown> = {}) => ({
  name, team: "shop", microservice: "usermgr",
  upstream: { service: { cluster: "sandbox", namespace: "shop", name: "usermgr", port: 80 } },
  route: { paths: [`/${name}`], hosts: ["api.shop.example"], methods: ["GET"] },
  ...over,
});

async function startServer(env: Record<string, string>, dir: string) {
  const port = await freePort();
  const proc = startSignpost(["start"], { PORT: String(port), SIGNPOST_DATA_DIR: dir, SIGNPOST_ADMIN_TOKEN: TOKEN, ...env });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(proc, () => statusOf(`${url}/api/health`), { timeoutMs: 170_000 });
  await waitFor(() => fetch(`${url}/api/v1/resolve/usermgr`).then((r) => r.status), (s) => s === 200, { timeoutMs: 60_000, what: "usermgr in the catalog" });
  return { url, proc };
}

// Generous per-test limits: the machine is shared and loaded (no timing is asserted).
const SLOW = 180_000;

describe("signpost start, DB-less sandbox gateway: registration through the sandbox cluster out of the box", () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let proxyUrl: string;
  let kubeconfig: string;
  const post = async (p: string, b: unknown) => {
    const res = await fetch(`${server.url}${p}`, { method: "POST", headers: auth, body: JSON.stringify(b) });
    return { status: res.status, text: await res.text() };
  };
  const managed = async () => JSON.parse(await kubectl(kubeconfig, ["get", "ingress", "-A", "-l", "app.kubernetes.io/managed-by=signpost", "-o", "json"])) as { items: { metadata: { name: string; namespace: string } }[] };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-kreg-"));
    const proxyPort = await freePort();
    proxyUrl = `http://127.0.0.1:${proxyPort}`;
    kubeconfig = path.join(dir, "sandbox.kubeconfig");
    server = await startServer({
      SIGNPOST_SANDBOX_KONG_MODE: "dbless", SIGNPOST_SANDBOX_KUBE_PORT: "0", SIGNPOST_SANDBOX_KONG_PORT: "0",
      SIGNPOST_SANDBOX_PROXY_PORT: String(proxyPort), SIGNPOST_SANDBOX_PROXY_TLS_PORT: "0",
    }, dir);
  }, 240_000);
  afterAll(async () => {
    await server?.proc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the sandbox gateway takes registrations through the sandbox cluster (Ingress)", async () => {
    const res = await waitFor(async () => (await (await fetch(`${server.url}/api/v1/gateways`)).json()) as { data: { name: string; registerVia: string | null; registerViaReason: string | null }[] },
      (j) => j.data[0]?.registerVia !== null, { timeoutMs: 30_000, what: "the gateway's registration path" });
    expect(res.data[0]).toMatchObject({ name: "sandbox", registerVia: "ingress" });
    expect(res.data[0].registerViaReason).toContain('the gateway is DB-less: its Ingress Controller in cluster "sandbox"');
  });

  it("the manifest passes kubectl apply --dry-run=server against the sandbox and creates nothing", async () => {
    const m = await post("/api/v1/apis/manifest", body("dry-users", { plugins: [] }));
    expect(m.status, m.text).toBe(200);
    const yaml = m.text.startsWith("{") ? (JSON.parse(m.text) as { manifest: string }).manifest : m.text;
    expect(yaml).toContain("kind: Ingress");
    const out = await kubectl(kubeconfig, ["apply", "--dry-run=server", "-f", "-"], yaml);
    expect(out.trim()).toBe("ingress.networking.k8s.io/dry-users created (server dry run)");
    expect((await managed()).items).toEqual([]);
    await expect(kubectl(kubeconfig, ["get", "ingress", "-n", "shop", "dry-users"])).rejects.toThrow(/NotFound|not found/);
  });

  it("register -> a Signpost-managed Ingress, published, linked in the catalog, answering through the proxy; deregister removes object and route", async () => {
    const reg = await post("/api/v1/apis", body("demo-users"));
    expect(reg.status, reg.text).toBe(201);
    const api = JSON.parse(reg.text) as Api;
    expect((await managed()).items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(["shop/demo-users"]);
    const linked = await waitFor(async () => (await (await fetch(`${server.url}/api/v1/apis/${api.id}`)).json()) as Api,
      (a) => a.exposures.some((e) => e.mode === "Gateway" && e.status === "ready"), { timeoutMs: 60_000, what: "the published gateway route in the catalog" });
    expect(linked.exposures.find((e) => e.mode === "Gateway")!.url).toBe("http://api.shop.example/demo-users");
    const hit = await waitFor(() => send(proxyUrl, "/demo-users/42", { host: "api.shop.example" }), (r) => r.status === 200, { timeoutMs: 30_000, what: "the proxy to route /demo-users" });
    // strip_path (the default) removed the registered prefix on the way to the pod
    expect(hit.json).toMatchObject({ service: "usermgr", namespace: "shop", method: "GET", path: "/42" });
    expect(String(hit.json!.pod)).toMatch(/^usermgr-/);

    const del = await fetch(`${server.url}/api/v1/apis/${api.id}`, { method: "DELETE", headers: auth });
    expect(del.status).toBe(204);
    expect((await managed()).items).toEqual([]);
    const gone = await waitFor(() => send(proxyUrl, "/demo-users/42", { host: "api.shop.example" }), (r) => r.status === 404, { timeoutMs: 30_000, what: "the route to go" });
    expect(gone.json!.message).toBe("no Route matched with those values");
  }, SLOW);
});

describe("signpost start with a configured cluster and a DB-less gateway on a parent Gateway (HTTPRoute), write opt-in and RBAC", () => {
  let dir: string;
  let cluster: SandboxCluster;
  let gateway: SandboxGateway;
  let kic: { stop(): void };
  let server: Awaited<ReturnType<typeof startServer>>;
  const post = async (b: unknown) => {
    const res = await fetch(`${server.url}/api/v1/apis`, { method: "POST", headers: auth, body: JSON.stringify(b) });
    return { status: res.status, json: (await res.json()) as Api & ErrorBody };
  };
  const prodBody = (name: string, over: Record<string, unknown> = {}) =>
    body(name, { upstream: { service: { cluster: "prod", namespace: "shop", name: "usermgr", port: 80 } }, ...over });
  const HR = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", namespace: "shop" };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-kreg-prod-"));
    cluster = await startSandboxCluster({ port: 0, name: "prod" });
    gateway = await startSandboxGateway({ port: 0, mode: "dbless", proxy: { port: 0, resolvePod: podResolverFor(cluster.store) } });
    kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 10, dbless: { adminUrl: gateway.url } });
    const s = cluster.store;
    // The sandbox cluster serves no GatewayClass: its controller takes Gateways of class "kong".
    s.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kong" } });
    s.create({ apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "kong", namespace: "kong" }, spec: { gatewayClassName: "kong", listeners: [{ name: "http", protocol: "HTTP", port: 80 }] } });
    s.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "billing" } });
    s.create({ apiVersion: "v1", kind: "Service", metadata: { name: "invoices", namespace: "billing" }, spec: { ports: [{ port: 80 }], selector: { app: "invoices" } } });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "prod" });
    const gw = { name: "edge", adminUrl: gateway.url, proxyUrl: "http://api.shop.example", cluster: "prod", parentRef: { namespace: "kong", name: "kong" } };
    fs.writeFileSync(path.join(dir, "signpost.yaml"), `gateways:\n  - ${JSON.stringify(gw)}\n`);
    server = await startServer({
      KUBECONFIG: path.join(dir, "kubeconfig"), SIGNPOST_KUBE_CONTEXTS: "prod", SIGNPOST_IN_CLUSTER: "false",
      SIGNPOST_CONFIG: path.join(dir, "signpost.yaml"), SIGNPOST_KUBE_WRITE_NAMESPACES: "shop",
    }, dir);
  }, 240_000);
  afterAll(async () => {
    await server?.proc.stop();
    kic?.stop();
    await Promise.all([cluster?.stop(), gateway?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes an HTTPRoute on the parent Gateway, which the controller publishes and the proxy routes to a pod", async () => {
    const gws = await waitFor(async () => (await (await fetch(`${server.url}/api/v1/gateways`)).json()) as { data: { registerVia: string | null }[] },
      (j) => j.data[0]?.registerVia === "httproute", { timeoutMs: 30_000, what: "the gateway to register through HTTPRoutes" });
    expect(gws.data[0].registerVia).toBe("httproute");
    const { status, json } = await post(prodBody("hr-users"));
    expect(status, JSON.stringify(json)).toBe(201);
    const hr = cluster.store.get({ ...HR, name: "hr-users" })!;
    expect(hr.metadata.labels?.["app.kubernetes.io/managed-by"]).toBe("signpost");
    expect(hr.spec.parentRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "kong", name: "kong" }]);
    const hit = await waitFor(() => send(gateway.proxy!.url, "/hr-users/7", { host: "api.shop.example" }), (r) => r.status === 200, { timeoutMs: 30_000, what: "the proxy to route /hr-users" });
    expect(hit.json).toMatchObject({ service: "usermgr", method: "GET", path: "/7" });
    await waitFor(async () => (await (await fetch(`${server.url}/api/v1/apis/${json.id}`)).json()) as Api,
      (a) => a.exposures.some((e) => e.mode === "Gateway" && e.status === "ready"), { timeoutMs: 60_000, what: "the published gateway route in the catalog" });
    const del = await fetch(`${server.url}/api/v1/apis/${json.id}`, { method: "DELETE", headers: auth });
    expect(del.status).toBe(204);
    expect(cluster.store.get({ ...HR, name: "hr-users" })).toBeUndefined();
    await waitFor(() => send(gateway.proxy!.url, "/hr-users/7", { host: "api.shop.example" }), (r) => r.status === 404, { timeoutMs: 30_000, what: "the route to go" });
  }, SLOW);

  it("refuses with 403 naming SIGNPOST_KUBE_WRITE_NAMESPACES outside its namespaces, writing nothing", async () => {
    const { status, json } = await post(body("invoices-v1", { team: "billing", microservice: "invoices", upstream: { service: { cluster: "prod", namespace: "billing", name: "invoices", port: 80 } } }));
    expect(status).toBe(403);
    expect(json.error.code).toBe("forbidden");
    expect(json.error.message).toContain('namespace "billing"');
    expect(json.error.message).toContain("SIGNPOST_KUBE_WRITE_NAMESPACES (shop)");
    expect(cluster.store.get({ ...HR, namespace: "billing", name: "invoices-v1" })).toBeUndefined();
  });

  it("an API server refusal (RBAC 403) becomes an error naming verb, resource and namespace, and nothing is left behind", async () => {
    cluster.control.deny([{ verbs: ["patch"], resources: ["httproutes"], namespaces: ["shop"], user: "system:serviceaccount:signpost:signpost" }]);
    try {
      const { status, json } = await post(prodBody("hr-denied"));
      expect(status).toBe(502);
      expect(json.error.code).toBe("upstream_error");
      expect(json.error.message).toContain('cluster "prod": patch httproutes.gateway.networking.k8s.io "hr-denied" in namespace "shop"');
      expect(json.error.message).toContain('User "system:serviceaccount:signpost:signpost" cannot patch resource "httproutes" in API group "gateway.networking.k8s.io" in the namespace "shop"');
      expect(json.error.details).toMatchObject({ cluster: "prod", status: 403, reason: "Forbidden" });
      expect(cluster.store.get({ ...HR, name: "hr-denied" })).toBeUndefined();
      const after = await fetch(`${server.url}/api/v1/registrations`, { headers: auth }).then((r) => r.json()) as { data: { name: string }[] };
      expect(after.data.map((r) => r.name)).not.toContain("hr-denied");
    } finally {
      cluster.control.deny([]);
    }
  });
});
