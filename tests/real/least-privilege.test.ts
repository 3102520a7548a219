// Least privilege, proven on the real API server: deploy/kubernetes applied with kubectl, the
// worker's ServiceAccount token minted (TokenRequest), and Signpost run through the in-cluster
// path (KUBERNETES_SERVICE_HOST/PORT, token and CA from SIGNPOST_SERVICE_ACCOUNT_DIR) as the
// shipped Deployments run it: `signpost worker` as signpost-worker, the web server (next start) as
// signpost-web. It syncs under the shipped ClusterRole; every grant in that role, read from the
// file, is needed (taking it away makes the sync report the refusal); a registration through an
// Ingress is refused by the API server without the opt-in Role and succeeds with it.
import { execFile } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubeHttp, type KubeTarget } from "./helpers/kube-http";
import { REAL_ADMIN_TOKEN, type CatalogSource } from "./helpers/signpost-real";
import { startSignpost } from "../helpers/signpost-process";
import { freshDb } from "../helpers/db";
import { startPrivatePostgres } from "../helpers/private-postgres";
import { waitFor } from "../helpers/wait-for";
import { freePort } from "../../lib/runtime/check-port";
import { startWeb } from "../../lib/runtime/web-process";
import { migrate } from "../../lib/db/migrate";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";

const DEPLOY = path.resolve(import.meta.dirname, "../../deploy/kubernetes");
const EXAMPLE = path.join(DEPLOY, "examples", "register-through-cluster.yaml");
const ROLE_PATH = "/apis/rbac.authorization.k8s.io/v1/clusterroles/signpost-reader";
const SOURCE = "in-cluster";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type Grant = { group: string; resource: string; verb: string };

let kube: KubeTarget;
let tmp: string;
let db: { url: string; dispose(): Promise<void> };
let gateway: SandboxGateway;
let worker: ReturnType<typeof startSignpost>;
let web: ChildProcess;
let webUrl: string;
let webOutput = "";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let shippedRole: any;

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("/usr/bin/kubectl", ["--kubeconfig", inject("realControlPlane").kubeconfig, "--request-timeout=30s", ...args],
      { env: { ...process.env, KUBECACHEDIR: path.join(tmp, "kube-cache"), HOME: tmp } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

async function mustKubectl(args: string[]): Promise<string> {
  const r = await kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** A folder as the kubelet mounts it for `account`: a token minted by TokenRequest, the CA, the namespace. */
async function serviceAccountDir(account: string): Promise<string> {
  const dir = path.join(tmp, `sa-${account}`);
  fs.mkdirSync(dir);
  const token = (await mustKubectl(["create", "token", account, "-n", "signpost", "--duration=2h"])).trim();
  fs.writeFileSync(path.join(dir, "token"), token);
  fs.writeFileSync(path.join(dir, "ca.crt"), inject("realControlPlane").ca);
  fs.writeFileSync(path.join(dir, "namespace"), "signpost");
  return dir;
}

/** Every (group, resource, verb) the shipped ClusterRole grants, from the file. */
function grantsOf(role: { rules: Rule[] }): Grant[] {
  return role.rules.flatMap((r) => r.apiGroups.flatMap((group) => r.resources.flatMap((resource) => r.verbs.map((verb) => ({ group, resource, verb })))));
}

/** The role's rules without one grant. */
function rulesWithout(role: { rules: Rule[] }, g: Grant): Rule[] {
  return role.rules.flatMap((r) => {
    if (!r.apiGroups.includes(g.group) || !r.resources.includes(g.resource) || !r.verbs.includes(g.verb)) return [r];
    const rest: Rule[] = [];
    const otherGroups = r.apiGroups.filter((x) => x !== g.group);
    const otherResources = r.resources.filter((x) => x !== g.resource);
    const otherVerbs = r.verbs.filter((x) => x !== g.verb);
    if (otherGroups.length) rest.push({ ...r, apiGroups: otherGroups });
    if (otherResources.length) rest.push({ ...r, apiGroups: [g.group], resources: otherResources });
    if (otherVerbs.length) rest.push({ ...r, apiGroups: [g.group], resources: [g.resource], verbs: otherVerbs });
    return rest;
  });
}

async function putRole(rules: Rule[]): Promise<void> {
  const current = (await kubeHttp(kube, "GET", ROLE_PATH)).json;
  const res = await kubeHttp(kube, "PUT", ROLE_PATH, { body: { ...current, rules } });
  if (res.status !== 200) throw new Error(`PUT ClusterRole: HTTP ${res.status} ${res.text}`);
}

/** Whether the API server's authorizer lets the worker's ServiceAccount do `g` now (SubjectAccessReview). */
async function allowed(g: Grant): Promise<boolean> {
  const res = await kubeHttp(kube, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    body: {
      apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview",
      spec: { user: "system:serviceaccount:signpost:signpost-worker", groups: ["system:serviceaccounts", "system:serviceaccounts:signpost", "system:authenticated"], resourceAttributes: { verb: g.verb, group: g.group, resource: g.resource } },
    },
  });
  if (res.status !== 201) throw new Error(`SubjectAccessReview: HTTP ${res.status} ${res.text}`);
  return res.json.status.allowed === true;
}

/** Changes the role and waits until the authorizer enforces it (its RBAC cache follows a watch). */
async function changeRole(rules: Rule[], g: Grant, expectAllowed: boolean): Promise<void> {
  await putRole(rules);
  await waitFor(() => allowed(g), (a) => a === expectAllowed, { timeoutMs: 20_000, intervalMs: 50, what: `the authorizer to ${expectAllowed ? "allow" : "refuse"} ${g.verb} ${g.resource}` });
}

async function rest<T>(pathname: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(webUrl + pathname, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${REAL_ADMIN_TOKEN}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const source = async () => (await rest<{ data: CatalogSource[] }>("/api/v1/sources")).body.data.find((s) => s.kind === "cluster" && s.name === SOURCE);
const resync = async () => {
  const r = await rest(`/api/v1/sources/cluster/${SOURCE}/resync`, { method: "POST" });
  if (r.status !== 200) throw new Error(`resync: HTTP ${r.status} ${JSON.stringify(r.body)}`);
};
const healthy = (s: CatalogSource | undefined) => s?.state === "live" && s.lastError === null;

beforeAll(async () => {
  const cp = inject("realControlPlane");
  kube = { name: "real", url: cp.url, token: cp.token, ca: cp.ca };
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-least-privilege-"));

  // As deploy/kubernetes/README.md says: the namespace first, then the directory.
  await mustKubectl(["apply", "-f", path.join(DEPLOY, "namespace.yaml")]);
  await mustKubectl(["apply", "-f", DEPLOY]);
  shippedRole = YAML.parseAllDocuments(fs.readFileSync(path.join(DEPLOY, "rbac.yaml"), "utf8")).map((d) => d.toJSON()).find((d) => d.kind === "ClusterRole");
  // The web's ServiceAccount exists; its opt-in Role and RoleBinding do not yet.
  await mustKubectl(["create", "serviceaccount", "signpost-web", "-n", "signpost"]);
  await mustKubectl(["create", "namespace", "shop"]);
  await mustKubectl(["create", "service", "clusterip", "usermgr", "-n", "shop", "--tcp=80:8080"]);
  const workerSa = await serviceAccountDir("signpost-worker");
  const webSa = await serviceAccountDir("signpost-web");

  if (process.env.TEST_DATABASE_URL) {
    const d = await freshDb("postgres", { migrate: false });
    await d.close();
    db = { url: d.url, dispose: () => d.dispose() };
  } else {
    // Worker and web are separate processes on one database, as deployed: a PostgreSQL server of the test's own.
    const pg = await startPrivatePostgres();
    db = { url: pg.url, dispose: async () => pg.dispose() };
  }
  await migrate(db.url);
  gateway = await startSandboxGateway({ port: 0 });
  const config = path.join(tmp, "signpost.yaml");
  fs.writeFileSync(config, YAML.stringify({ gateways: [{ name: "edge", adminUrl: gateway.url, proxyUrl: "http://api.shop.example", cluster: SOURCE, registerVia: "ingress" }] }));

  const apiPort = new URL(cp.url).port;
  const inCluster = { SIGNPOST_IN_CLUSTER: "true", KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: apiPort, DATABASE_URL: db.url, SIGNPOST_CONFIG: config, SIGNPOST_DATA_DIR: tmp };
  worker = startSignpost(["worker"], { ...inCluster, SIGNPOST_SERVICE_ACCOUNT_DIR: workerSa, SIGNPOST_LOG_LEVEL: "info" });
  const port = await freePort();
  webUrl = `http://127.0.0.1:${port}`;
  const webEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SIGNPOST_") && k !== "KUBECONFIG"));
  web = startWeb("127.0.0.1", port, {
    ...webEnv, ...inCluster, SIGNPOST_SERVICE_ACCOUNT_DIR: webSa, SIGNPOST_KUBE_WRITE_NAMESPACES: "shop", SIGNPOST_ADMIN_TOKEN: REAL_ADMIN_TOKEN,
    SIGNPOST_LOG_LEVEL: "warn", PORT: String(port), NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production",
  });
  web.stdout?.on("data", (d) => (webOutput += d));
  web.stderr?.on("data", (d) => (webOutput += d));
  await waitFor(() => fetch(`${webUrl}/api/health`).then((r) => r.status), (s) => s === 200, { timeoutMs: 120_000, intervalMs: 250, what: "the web server to be healthy" });
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  if (web && web.exitCode === null) {
    const exited = new Promise((r) => web.once("exit", r));
    web.kill("SIGTERM");
    setTimeout(() => web.kill("SIGKILL"), 5000).unref();
    await exited;
  }
  await gateway?.stop();
  await db?.dispose();
  if (kube) {
    if (shippedRole) await putRole(shippedRole.rules).catch(() => {});
    for (const ns of ["shop", "signpost"]) await kubeHttp(kube, "DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
    for (const p of ["clusterroles/signpost-reader", "clusterrolebindings/signpost-reader"]) await kubeHttp(kube, "DELETE", `/apis/rbac.authorization.k8s.io/v1/${p}`).catch(() => {});
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the shipped ServiceAccount and ClusterRole on the real API server", () => {
  it("are enough: the worker syncs through the in-cluster path", async () => {
    const s = await waitFor(source, healthy, { timeoutMs: 60_000, intervalMs: 200, what: `the worker's output:\n${worker.output().slice(-1500)}` });
    expect(s!.counts).toMatchObject({ Service: expect.any(Number), Ingress: expect.any(Number) });
    // the Service the test made, and deploy/kubernetes's own Service and Ingress, are in the catalog
    // (live means every list is complete; the APIs are written moments later)
    const apis = await waitFor(
      async () => (await rest<{ data: { name: string; namespace: string; proxyUrl: string }[] }>("/api/v1/apis?namespace=shop,signpost")).body.data,
      (list) => list.length >= 2,
      { timeoutMs: 30_000, what: "the APIs of shop and signpost" },
    );
    expect(apis.map((a) => [a.namespace, a.name, a.proxyUrl]).sort()).toEqual([
      ["shop", "usermgr", "http://usermgr.shop.svc.cluster.local:80"],
      ["signpost", "signpost", "http://signpost.example.com/"],
    ]);
    // The token really is the ServiceAccount's: the API server says who it is.
    const token = fs.readFileSync(path.join(tmp, "sa-signpost-worker", "token"), "utf8");
    const review = await kubeHttp({ ...kube, token }, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } });
    expect(review.json.status.userInfo.username).toBe("system:serviceaccount:signpost:signpost-worker");
  });

  it("are no more than needed: without any one grant of the ClusterRole, the sync reports the API server's refusal", async () => {
    const grants = grantsOf(shippedRole);
    expect(grants.length).toBeGreaterThan(0);
    const unneeded: string[] = [];
    for (const g of grants) {
      const what = `${g.verb} ${g.resource}${g.group ? `.${g.group}` : ""}`;
      await changeRole(rulesWithout(shippedRole, g), g, false);
      await resync();
      // The real server's words: `... cannot list resource "services" in API group "" at the cluster scope`
      const refusal = `cannot ${g.verb} resource "${g.resource}" in API group "${g.group}" at the cluster scope`;
      // One request is enough: a resync asked for while the previous relist ran used to be dropped
      // until the watch ended (lib/k8s/list-watch.ts; docs/real-control-plane.md).
      let last: CatalogSource | undefined;
      const seen = await waitFor(async () => (last = await source()), (s) => Boolean(s?.lastError?.includes(refusal)), { timeoutMs: 20_000, intervalMs: 100, what: `a refusal of ${what}` }).catch(() => null);
      if (!seen) unneeded.push(`${what} (the source said: ${JSON.stringify({ state: last?.state, lastError: last?.lastError, resources: (last?.info as { resources?: unknown } | undefined)?.resources })}; worker: ${worker.output().split("\n").filter((l) => /resync|ingressclass|refus|403/i.test(l)).slice(-8).join(" | ")})`);
      else expect(seen.state, what).toBe("degraded");
      await changeRole(shippedRole.rules, g, true);
      await resync();
      await waitFor(source, healthy, { timeoutMs: 60_000, intervalMs: 100, what: `the sync to recover after ${what} came back` });
    }
    expect(unneeded, "grants that nothing Signpost does needs").toEqual([]);
  }, 600_000);
});

describe("registration through an Ingress (the opt-in Role of examples/register-through-cluster.yaml)", () => {
  const registration = {
    name: "users-v2",
    gateway: "edge",
    team: "shop",
    upstream: { service: { cluster: SOURCE, namespace: "shop", name: "usermgr", port: 80 } },
    route: { paths: ["/users-v2"], hosts: ["api.shop.example"] },
  };

  it("is refused by the API server without the Role, and the error names the verb, resource and namespace", async () => {
    await waitFor(source, healthy, { timeoutMs: 60_000, what: "the sync to be live" });
    const res = await rest<{ error: { code: string; message: string; details: Record<string, unknown> } }>("/api/v1/apis", { method: "POST", body: registration });
    expect(res.status, JSON.stringify(res.body)).toBe(502);
    expect(res.body.error.code).toBe("upstream_error");
    expect(res.body.error.message).toMatch(/^cluster "in-cluster": (get|patch) ingresses\.networking\.k8s\.io "users-v2" in namespace "shop": /);
    expect(res.body.error.message).toContain('User "system:serviceaccount:signpost:signpost-web" cannot');
    expect(res.body.error.message).toContain("its Role must allow this");
    expect(res.body.error.details).toMatchObject({ cluster: SOURCE, status: 403, reason: "Forbidden" });
    expect((await kubeHttp(kube, "GET", "/apis/networking.k8s.io/v1/namespaces/shop/ingresses/users-v2")).status).toBe(404);
  });

  it("succeeds once the Role and RoleBinding are applied", async () => {
    await mustKubectl(["apply", "-f", EXAMPLE]);
    const res = await waitFor(
      () => rest<{ key: string; exposures: { mode: string; url: string }[] }>("/api/v1/apis", { method: "POST", body: registration }),
      // RBAC takes effect once the API server's authorizer has seen the new binding
      (r) => r.status !== 502,
      { timeoutMs: 20_000, intervalMs: 250, what: "the registration to be allowed" },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.exposures.map((e) => [e.mode, e.url])).toEqual([["Ingress", "http://api.shop.example/users-v2"]]);
    const ing = await kubeHttp(kube, "GET", "/apis/networking.k8s.io/v1/namespaces/shop/ingresses/users-v2");
    expect(ing.status).toBe(200);
    expect(ing.json.metadata.labels).toMatchObject({ "app.kubernetes.io/managed-by": "signpost", "signpost.dev/registration": "users-v2" });
    expect(ing.json.metadata.managedFields.map((f: { manager: string }) => f.manager)).toContain("signpost");
    expect(webOutput).not.toContain(fs.readFileSync(path.join(tmp, "sa-signpost-web", "token"), "utf8"));
  });
});
