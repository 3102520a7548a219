// The seed's own topology with the real controller: the Kong Ingress Controller (built from its
// module by npm run real:build) runs against the real kube-apiserver, with the sandbox gateway in
// DB-less mode as its Kong. An Ingress of class kong with a KongPlugin becomes a POST /config the
// sandbox accepts; a KongPlugin Kong would refuse comes back as flattened_errors, which KIC turns into
// an Event on the KongPlugin before re-posting its last good config. Signpost, started as a user
// runs it against the same API server and gateway, shows the API with the chain KIC produced, and an
// API Signpost registers through the cluster (an Ingress it writes) is picked up by KIC the same way.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startSandboxGateway, type PodResolver, type SandboxGateway } from "../../lib/sandbox/kong";
import { freePort } from "../../lib/runtime/check-port";
import { startSignpost } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";
import { deleteCrds, installCrds } from "./helpers/gateway-crds";
import { KIC_CRD_DIR, startKic, type RealKic } from "./helpers/kic";
import { kubeHttp, type KubeTarget } from "./helpers/kube-http";

type Row = Record<string, unknown> & { id: string; name?: string; tags?: string[] | null };
type Exposure = { mode: string; url: string | null; status: string; source: { kind: string; cluster: string | null; namespace: string | null; name: string }; details: Record<string, unknown> };
type Api = { id: string; name: string; namespace: string | null; cluster: string | null; proxyUrl: string | null; readyPods: number; totalPods: number; gateways: string[]; exposures: Exposure[] };

const ADMIN_TOKEN = "kic-real-admin-token-0123456789abcdef";
const HOST = "orders.kic.example";
// The pod behind the orders Service: kube-apiserver refuses loopback endpoint addresses, so it has a
// pod address, and the sandbox proxy lets the pod at that address answer (as with sandbox pods).
const POD = { ip: "10.244.7.7", port: 8080, name: "orders-0" };

describe("the real Kong Ingress Controller with the sandbox gateway as its Kong", () => {
  const cp = inject("realControlPlane");
  const kube: KubeTarget = { name: "real", url: cp.url, token: cp.token, ca: cp.ca };
  const ns = `kic-${crypto.randomBytes(3).toString("hex")}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-kic-"));
  let crds: string[] = [];
  let gateway: SandboxGateway;
  let kic: RealKic;
  let signpost: ReturnType<typeof startSignpost> | undefined;
  let signpostUrl = "";
  const uids: Record<string, string> = {};
  const resolvePod: PodResolver = (host, port) => (host === POD.ip && port === POD.port ? { pod: POD.name, namespace: ns, service: "orders" } : null);

  const create = async (apiPath: string, body: unknown) => {
    const res = await kubeHttp(kube, "POST", apiPath, { body });
    if (res.status !== 201 && res.status !== 409) throw new Error(`POST ${apiPath}: HTTP ${res.status} ${res.text.slice(0, 400)}`);
    return res.json as { metadata: { uid: string; name: string } };
  };
  const rows = async (kind: string): Promise<Row[]> => ((await (await fetch(`${gateway.url}/${kind}?size=1000`)).json()) as { data: Row[] }).data;
  const taggedBy = (r: Row, kind: string, name: string) => r.tags?.includes(`k8s-kind:${kind}`) && r.tags.includes(`k8s-name:${name}`) && r.tags.includes(`k8s-namespace:${ns}`);
  const configPosts = () => gateway.faults.requests.filter((r) => r.method === "POST" && r.path.startsWith("/config"));
  const proxyGet = (p: string, host = HOST) => new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(`${gateway.proxy!.url}${p}`, { headers: { host } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
  const events = async (kind: string, name: string) =>
    ((await kubeHttp(kube, "GET", `/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(`involvedObject.kind=${kind},involvedObject.name=${name}`)}`)).json.items ?? []) as
      { reason: string; type: string; message: string; involvedObject: { uid: string } }[];
  const patchPlugin = async (config: Record<string, unknown>) => {
    const res = await kubeHttp(kube, "PATCH", `/apis/configuration.konghq.com/v1/namespaces/${ns}/kongplugins/orders-limit`, { body: { config }, contentType: "application/merge-patch+json" });
    if (res.status !== 200) throw new Error(`patching the KongPlugin: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  };
  const sp = async (p: string, init: RequestInit = {}) => fetch(`${signpostUrl}${p}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", ...init.headers } });
  const apiOf = async (name: string) => ((await (await sp(`/api/v1/apis?limit=100&q=${name}`)).json()) as { data: Api[] }).data.find((a) => a.namespace === ns && a.name === name);

  beforeAll(async () => {
    crds = await installCrds(kube, KIC_CRD_DIR);
    await create("/api/v1/namespaces", { metadata: { name: ns } });
    await create("/apis/networking.k8s.io/v1/ingressclasses", { metadata: { name: "kong" }, spec: { controller: "ingress-controllers.konghq.com/kong" } });
    uids.service = (await create(`/api/v1/namespaces/${ns}/services`, {
      metadata: { name: "orders", labels: { app: "orders" } },
      spec: { selector: { app: "orders" }, ports: [{ name: "http", port: 80, targetPort: POD.port, protocol: "TCP" }] },
    })).metadata.uid;
    // There is no controller-manager: the test writes the EndpointSlice the endpoint controller would.
    await create(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, {
      metadata: { name: "orders-x1", labels: { "kubernetes.io/service-name": "orders", "endpointslice.kubernetes.io/managed-by": "signpost-test" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [POD.ip], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: "Pod", name: POD.name, namespace: ns } }],
      ports: [{ name: "http", port: POD.port, protocol: "TCP" }],
    });
    uids.plugin = (await create(`/apis/configuration.konghq.com/v1/namespaces/${ns}/kongplugins`, {
      apiVersion: "configuration.konghq.com/v1", kind: "KongPlugin", metadata: { name: "orders-limit" },
      plugin: "rate-limiting", config: { minute: 100, policy: "local" },
    })).metadata.uid;
    uids.ingress = (await create(`/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, {
      metadata: { name: "orders", annotations: { "konghq.com/plugins": "orders-limit" } },
      spec: { ingressClassName: "kong", rules: [{ host: HOST, http: { paths: [{ path: "/orders", pathType: "Prefix", backend: { service: { name: "orders", port: { number: 80 } } } }] } }] },
    })).metadata.uid;

    gateway = await startSandboxGateway({ mode: "dbless", port: 0, proxy: { port: 0, resolvePod } });
    kic = await startKic({ kubeconfig: cp.kubeconfig, adminUrl: gateway.url, logFile: path.join(dir, "kic.log") });
    await waitFor(rows.bind(null, "routes"), (rs) => rs.some((r) => taggedBy(r, "Ingress", "orders")), { timeoutMs: 120_000, intervalMs: 200, what: "KIC's route for the Ingress in the sandbox gateway" });
  }, 420_000);

  // KIC dying mid-suite fails the test at hand with its log tail.
  afterEach(() => {
    const died = kic?.died();
    if (died) throw new Error(died);
  });

  afterAll(async () => {
    await signpost?.stop();
    await kic?.stop();
    await gateway?.stop();
    for (const p of [`/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/orders`, `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/orders-v2`,
      `/api/v1/namespaces/${ns}/services/orders`, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices/orders-x1`, "/apis/networking.k8s.io/v1/ingressclasses/kong"]) {
      await kubeHttp(kube, "DELETE", p);
    }
    // The shared API server must not keep serving KIC's groups for the suites after this one.
    if (crds.length) await deleteCrds(kube, crds);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("KIC starts against the sandbox, whose Admin API answers every call it makes, and turns ready after its first push", { timeout: 120_000 }, async () => {
    expect(kic.died()).toBeUndefined();
    await waitFor(() => fetch(`${kic.probeUrl}/readyz`).then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000, what: "KIC /readyz" });
    const seen = gateway.faults.requests;
    const calls = [...new Set(seen.map((r) => `${r.method} ${r.path.split("?")[0]} ${r.status}`))].sort();
    console.log(`KIC's Admin API calls: ${calls.join(", ")}`);
    // KIC lists every entity kind it knows before its first push (go-database-reconciler's dump) and
    // skips those a gateway does not have: open-source Kong 3.9 answers 404 for the Enterprise ones
    // (mtls-auth credentials, consumer groups) and for partials (3.10), 400 for filter chains without wasm.
    const refused = [...new Set(seen.filter((r) => (r.status ?? 0) >= 400 && !r.path.startsWith("/config")).map((r) => `${r.method} ${r.path.split("?")[0]} ${r.status}`))].sort();
    // Exactly what open-source Kong 3.9 refuses (docs/real-control-plane.md).
    expect(refused).toEqual(["GET /consumer_groups 404", "GET /filter-chains 400", "GET /mtls-auths 404", "GET /partials 404"]);
    expect(seen.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual(expect.arrayContaining(["GET /", "GET /status", "POST /config"]));
    expect(configPosts()[0].path).toBe("/config?check_hash=1&flatten_errors=1");
    expect(configPosts().map((r) => r.status)).toContain(201);
  });

  it("the sandbox holds the entities KIC produced for the Ingress, its Service, EndpointSlice and KongPlugin", async () => {
    const route = (await rows("routes")).find((r) => taggedBy(r, "Ingress", "orders"))!;
    expect(route.tags).toContain(`k8s-uid:${uids.ingress}`);
    expect(route).toMatchObject({ hosts: [HOST], protocols: ["http", "https"] });
    const service = (await rows("services")).find((s) => s.id === (route.service as { id: string }).id)!;
    expect(service.tags).toEqual(expect.arrayContaining(["k8s-kind:Service", "k8s-name:orders", `k8s-namespace:${ns}`, `k8s-uid:${uids.service}`]));
    const upstream = (await rows("upstreams")).find((u) => u.name === service.host)!;
    expect(upstream).toBeDefined();
    const targets = ((await (await fetch(`${gateway.url}/upstreams/${upstream.id}/targets`)).json()) as { data: Row[] }).data;
    expect(targets.map((t) => t.target)).toEqual([`${POD.ip}:${POD.port}`]);
    const plugin = (await rows("plugins")).find((p) => taggedBy(p, "KongPlugin", "orders-limit"))!;
    expect(plugin).toMatchObject({ name: "rate-limiting", route: { id: route.id }, config: { minute: 100, policy: "local" } });
    expect(plugin.tags).toContain(`k8s-uid:${uids.plugin}`);
  });

  it("a request through the sandbox proxy reaches the pod, rate-limited by the KongPlugin", async () => {
    const res = await proxyGet("/orders/42");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ service: "orders", namespace: ns, pod: POD.name, path: "/orders/42" });
    expect(res.headers["x-ratelimit-limit-minute"]).toBe("100");
    expect((await proxyGet("/orders/42", "elsewhere.example")).status).toBe(404);
  });

  it("a KongPlugin Kong refuses: flattened_errors become an Event on the KongPlugin, and the gateway keeps the good config", { timeout: 120_000 }, async () => {
    const hashBefore = ((await (await fetch(`${gateway.url}/status`)).json()) as { configuration_hash: string }).configuration_hash;
    const postsBefore = configPosts().length;
    await patchPlugin({ minute: "lots" });
    const failed = await waitFor(() => events("KongPlugin", "orders-limit"), (es) => es.some((e) => e.reason === "KongConfigurationApplyFailed"), { timeoutMs: 60_000, intervalMs: 200, what: "KIC's Event on the KongPlugin" });
    const event = failed.find((e) => e.reason === "KongConfigurationApplyFailed")!;
    expect(event).toMatchObject({ type: "Warning", involvedObject: { uid: uids.plugin } });
    expect(event.message).toContain("minute");
    expect(configPosts().slice(postsBefore).map((r) => r.status)).toContain(400);
    // Kong keeps serving what it had; KIC's last good config is that one, so it has nothing to re-post.
    const status = (await (await fetch(`${gateway.url}/status`)).json()) as { configuration_hash: string };
    expect(status.configuration_hash).toBe(hashBefore);
    expect((await rows("plugins")).find((p) => taggedBy(p, "KongPlugin", "orders-limit"))!.config).toMatchObject({ minute: 100 });
    expect((await proxyGet("/orders/7")).status).toBe(200);
  });

  it("a gateway that restarts empty while the KongPlugin is still broken gets the refused config, then KIC's last good config re-posted", { timeout: 120_000 }, async () => {
    // Same ports, a fresh DB-less node: its configuration_hash is the empty one, so KIC pushes.
    const [adminPort, proxyPort] = [gateway.port, gateway.proxy!.port];
    await gateway.stop();
    gateway = await startSandboxGateway({ mode: "dbless", port: adminPort, proxy: { port: proxyPort, resolvePod } });
    const posts = await waitFor(() => configPosts().map((r) => r.status), (st) => st.includes(400) && st.indexOf(201, st.indexOf(400)) > 0, {
      timeoutMs: 60_000, intervalMs: 200, what: "KIC's refused push and its re-post of the last good config",
    });
    expect(posts[0]).toBe(400);
    const plugin = (await rows("plugins")).find((p) => taggedBy(p, "KongPlugin", "orders-limit"))!;
    expect(plugin.config).toMatchObject({ minute: 100 });
    expect((await rows("routes")).some((r) => taggedBy(r, "Ingress", "orders"))).toBe(true);
    expect((await proxyGet("/orders/8")).headers["x-ratelimit-limit-minute"]).toBe("100");
    // Put it right again for what follows.
    await patchPlugin({ minute: 100 });
  });

  describe("Signpost against the real API server and the gateway KIC configures", () => {
    beforeAll(async () => {
      const port = await freePort();
      const configFile = path.join(dir, "signpost.yaml");
      fs.writeFileSync(configFile, YAML.stringify({
        gateways: [{ name: "edge", adminUrl: gateway.url, proxyUrl: gateway.proxy!.url, cluster: "real", registerVia: "ingress", pollInterval: "1s" }],
      }));
      signpost = startSignpost(["start"], {
        PORT: String(port), SIGNPOST_DATA_DIR: path.join(dir, "signpost"), SIGNPOST_SANDBOX: "off",
        KUBECONFIG: cp.kubeconfig, SIGNPOST_CONFIG: configFile, SIGNPOST_KUBE_WRITE_NAMESPACES: ns, SIGNPOST_ADMIN_TOKEN: ADMIN_TOKEN,
      });
      signpostUrl = `http://127.0.0.1:${port}`;
      await waitFor(() => fetch(`${signpostUrl}/api/health`).then((r) => r.status), (s) => s === 200 || signpost!.child.exitCode !== null, { timeoutMs: 150_000, intervalMs: 250, what: "signpost start to be healthy" });
      if (signpost.child.exitCode !== null) throw new Error(`signpost start exited: ${signpost.output().slice(-2000)}`);
    }, 180_000);

    it("shows the API with its proxy URL and the chain gateway route -> Ingress -> Service -> pods that KIC produced", { timeout: 120_000 }, async () => {
      const route = (await rows("routes")).find((r) => taggedBy(r, "Ingress", "orders"))!;
      const service = (await rows("services")).find((s) => s.id === (route.service as { id: string }).id)!;
      const api = await waitFor(() => apiOf("orders"), (a) => Boolean(a?.exposures.some((e) => e.mode === "Gateway")), { timeoutMs: 60_000, intervalMs: 250, what: "the orders API with its gateway route" });
      console.log(`the orders API as Signpost shows it: ${JSON.stringify(api)}`);
      expect(api).toMatchObject({ cluster: "real", gateways: ["edge"], readyPods: 1, totalPods: 1, proxyUrl: `http://${(route.hosts as string[])[0]}/orders` });
      const gw = api!.exposures.find((e) => e.mode === "Gateway")!;
      expect(gw.details).toMatchObject({
        gateway: "edge", routeId: route.id, route: route.name, service: service.name, plugins: ["rate-limiting"],
        origin: { kind: "Ingress", namespace: ns, name: "orders", uid: uids.ingress },
      });
      const ing = api!.exposures.find((e) => e.mode === "Ingress")!;
      expect(ing.source).toMatchObject({ kind: "Ingress", cluster: "real", namespace: ns, name: "orders" });
      expect(api!.exposures.map((e) => e.mode)).toContain("ClusterIP");
    });

    it("refuses to register through a namespace outside SIGNPOST_KUBE_WRITE_NAMESPACES", async () => {
      const res = await sp("/api/v1/apis", { method: "POST", body: JSON.stringify({
        name: "elsewhere", gateway: "edge", upstream: { service: { cluster: "real", namespace: "default", name: "kubernetes", port: 443 } },
        route: { paths: ["/elsewhere"], hosts: [HOST] },
      }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("SIGNPOST_KUBE_WRITE_NAMESPACES");
      expect((await kubeHttp(kube, "GET", "/apis/networking.k8s.io/v1/namespaces/default/ingresses/elsewhere")).status).toBe(404);
    });

    it("an API Signpost registers through the cluster is picked up by the real KIC and shows up the same way", { timeout: 150_000 }, async () => {
      const res = await sp("/api/v1/apis", { method: "POST", body: JSON.stringify({
        name: "orders-v2", microservice: "ordermgr", team: "commerce", gateway: "edge",
        upstream: { service: { cluster: "real", namespace: ns, name: "orders", port: 80 } },
        route: { paths: ["/v2/orders"], hosts: [HOST], stripPath: false },
        plugins: [{ name: "rate-limiting", config: { minute: 50, policy: "local" } }],
      }) });
      expect(res.status, await res.clone().text()).toBe(201);
      const ingress = await kubeHttp(kube, "GET", `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/orders-v2`);
      expect(ingress.status).toBe(200);
      expect(ingress.json.spec.ingressClassName).toBe("kong");
      const route = (await waitFor(() => rows("routes"), (rs) => rs.some((r) => taggedBy(r, "Ingress", "orders-v2")), { timeoutMs: 60_000, intervalMs: 200, what: "KIC's route for Signpost's Ingress" }))
        .find((r) => taggedBy(r, "Ingress", "orders-v2"))!;
      expect(route.tags).toContain(`k8s-uid:${ingress.json.metadata.uid}`);
      const plugins = (await rows("plugins")).filter((p) => (p.route as { id: string } | null)?.id === route.id);
      expect(plugins.map((p) => [p.name, (p.config as { minute: number }).minute])).toEqual([["rate-limiting", 50]]);
      const through = await proxyGet("/v2/orders/1");
      expect(through.status).toBe(200);
      expect(JSON.parse(through.body)).toMatchObject({ service: "orders", pod: POD.name, path: "/v2/orders/1" });
      expect(through.headers["x-ratelimit-limit-minute"]).toBe("50");
      const api = await waitFor(() => apiOf("orders-v2"), (a) => Boolean(a?.exposures.some((e) => e.mode === "Gateway" && e.status === "ready")), { timeoutMs: 60_000, intervalMs: 250, what: "orders-v2 linked to KIC's route" });
      const gw = api!.exposures.find((e) => e.mode === "Gateway")!;
      expect(gw.details).toMatchObject({ gateway: "edge", routeId: route.id, route: route.name, origin: { kind: "Ingress", name: "orders-v2", uid: ingress.json.metadata.uid } });
      expect(api!.proxyUrl).toBe(`http://${HOST}/v2/orders`);
    });
  });
});
