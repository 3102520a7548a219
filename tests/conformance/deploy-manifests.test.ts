// deploy/kubernetes against the sandbox cluster (workloads on), driven by the real kubectl as an
// operator would run it (deploy/kubernetes/README.md): a server-side dry run stores nothing, the
// real apply creates every object, the RBAC grants exactly what lib/k8s/resources.ts watches, and
// a Deployment whose selector misses its template labels is refused with the API server's message.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KUBE_RESOURCES } from "../../lib/k8s/resources";
import { HTTPROUTE, INGRESS, KONGPLUGIN } from "../../lib/k8s/registration-objects";
import { startSandboxCluster, type KubeObject, type SandboxCluster } from "../../lib/sandbox/kube/index";

const KUBECTL = "/usr/bin/kubectl";
const DIR = path.resolve(import.meta.dirname, "../../deploy/kubernetes");
let tmp: string;
let c: SandboxCluster;

type Run = { code: number; stdout: string; stderr: string };

/** Runs kubectl with its own kubeconfig and discovery cache (never the user's). */
function kubectl(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(KUBECTL, ["--kubeconfig", path.join(tmp, "config"), "--request-timeout=20s", ...args],
      { env: { ...process.env, KUBECACHEDIR: path.join(tmp, "cache"), HOME: tmp } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

/** Every object `kubectl apply -f DIR` sends: the top-level *.yaml files, each document. */
function manifestObjects(): KubeObject[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort()
    .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(path.join(DIR, f), "utf8")).map((d) => d.toJSON() as KubeObject));
}

/** How kubectl names an object in its output: deployment.apps/signpost-web, service/signpost-web. */
function printedName(o: KubeObject): string {
  const group = o.apiVersion!.includes("/") ? `.${o.apiVersion!.split("/")[0]}` : "";
  return `${o.kind!.toLowerCase()}${group}/${o.metadata.name}`;
}

const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion!, kind: o.kind!, namespace: o.metadata.namespace, name: o.metadata.name! });
const lines = (out: string) => out.trim().split("\n").sort();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-manifests-"));
  c = await startSandboxCluster({ workloads: true });
  c.writeKubeconfig(path.join(tmp, "config"));
});
afterAll(async () => {
  await c?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("deploy/kubernetes with kubectl", () => {
  const objects = manifestObjects();
  const ns = objects.find((o) => o.kind === "Namespace")!;
  const rest = objects.filter((o) => o !== ns);

  it("holds one object per concern and no Secret (the example stays out of `-f` on the directory)", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "ClusterRole/signpost-reader", "ClusterRoleBinding/signpost-reader", "Deployment/signpost-web", "Deployment/signpost-worker",
      "Ingress/signpost", "Namespace/signpost", "Service/signpost-web", "ServiceAccount/signpost-worker",
    ]);
  });

  it("the Kustomization renders the same objects (kubectl apply -k is equivalent to -f)", async () => {
    const r = await kubectl(["kustomize", DIR]);
    const rendered = YAML.parseAllDocuments(r.stdout).map((d) => d.toJSON() as KubeObject);
    expect(rendered.map((o) => printedName(o)).sort()).toEqual(objects.map((o) => printedName(o)).sort());
  });

  it("a server dry run before the namespace exists is refused for namespaced objects, as on a real server", async () => {
    const r = await kubectl(["apply", "--dry-run=server", "-f", DIR]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error from server (NotFound): error when creating "${path.join(DIR, "web.yaml")}": namespaces "signpost" not found`);
    expect(c.store.get(ref(ns))).toBeUndefined();
  });

  it("dry run stores nothing, then apply creates every object", async () => {
    expect((await kubectl(["apply", "-f", path.join(DIR, "namespace.yaml")])).stdout).toBe("namespace/signpost created\n");
    const rv = c.store.currentResourceVersion();
    const events: string[] = [];
    const unsubscribe = c.store.subscribe((ev) => events.push(`${ev.type} ${ev.object.kind}`));
    const dry = await kubectl(["apply", "--dry-run=server", "-f", DIR]);
    unsubscribe();
    expect([dry.code, dry.stderr]).toEqual([0, ""]);
    expect(lines(dry.stdout)).toEqual([
      "namespace/signpost unchanged (server dry run)",
      ...rest.map((o) => `${printedName(o)} created (server dry run)`),
    ].sort());
    expect([c.store.currentResourceVersion(), events]).toEqual([rv, []]);
    for (const o of rest) expect(c.store.list({ apiVersion: o.apiVersion!, kind: o.kind!, namespace: o.metadata.namespace }).items).toEqual([]);

    // The Secret as README.md creates it (kubectl sends this one as protobuf).
    const secret = await kubectl(["create", "secret", "generic", "signpost", "-n", "signpost",
      "--from-literal=DATABASE_URL=postgresql://signpost:pw@db:5432/signpost", "--from-literal=SIGNPOST_ADMIN_TOKEN=0123456789abcdef0123",
      "--from-literal=SIGNPOST_SECRET_KEY=c2lnbnBvc3Qtc2lnbnBvc3Qtc2lnbnBvc3Qtc2lnbnA="]);
    expect(secret.stdout).toBe("secret/signpost created\n");
    const real = await kubectl(["apply", "-f", DIR]);
    expect([real.code, real.stderr]).toEqual([0, ""]);
    expect(lines(real.stdout)).toEqual(["namespace/signpost unchanged", ...rest.map((o) => `${printedName(o)} created`)].sort());
    for (const o of rest) expect(c.store.get(ref(o)), printedName(o)).toBeDefined();
    expect(lines((await kubectl(["apply", "-f", DIR])).stdout)).toEqual(objects.map((o) => `${printedName(o)} unchanged`).sort());
  });

  it("the ClusterRole grants list/watch on exactly what lib/k8s/resources.ts watches", () => {
    const expected = new Map<string, string[]>();
    for (const r of KUBE_RESOURCES) expected.set(r.group, [...(expected.get(r.group) ?? []), r.path.split("/").pop()!].sort());
    const role = c.store.get({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "signpost-reader" })!;
    const granted = new Map<string, string[]>();
    for (const rule of role.rules) {
      expect(Object.keys(rule).sort()).toEqual(["apiGroups", "resources", "verbs"]);
      // no get: the sync lists and watches (tests/real/least-privilege.test.ts shows each grant is needed)
      expect([...rule.verbs].sort()).toEqual(["list", "watch"]);
      for (const g of rule.apiGroups) granted.set(g, [...(granted.get(g) ?? []), ...rule.resources].sort());
    }
    expect(Object.fromEntries(granted)).toEqual(Object.fromEntries(expected));
    const binding = c.store.get({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: "signpost-reader" })!;
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "signpost-reader" });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "signpost-worker", namespace: "signpost" }]);
  });

  it("the worker runs as the bound ServiceAccount, in-cluster, two replicas on one lease", () => {
    const worker = c.store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "signpost", name: "signpost-worker" })!;
    const pod = worker.spec.template.spec;
    expect(pod.serviceAccountName).toBe("signpost-worker");
    expect(c.store.get({ apiVersion: "v1", kind: "ServiceAccount", namespace: "signpost", name: pod.serviceAccountName })).toBeDefined();
    expect([worker.spec.replicas, pod.containers[0].image, pod.containers[0].args]).toEqual([2, "signpost-worker", ["worker"]]);
    expect(pod.containers[0].env).toContainEqual({ name: "SIGNPOST_IN_CLUSTER", value: "true" });
    expect(pod.containers[0].env).toContainEqual({ name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "signpost", key: "DATABASE_URL" } } });
    // the key that seals webhook secrets: the same Secret entry as every web replica's
    const web = c.store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "signpost", name: "signpost-web" })!;
    const keyOf = (d: KubeObject) => d.spec.template.spec.containers[0].env.find((e: KubeObject) => e.name === "SIGNPOST_SECRET_KEY");
    expect(keyOf(worker)).toEqual({ name: "SIGNPOST_SECRET_KEY", valueFrom: { secretKeyRef: { name: "signpost", key: "SIGNPOST_SECRET_KEY" } } });
    expect(keyOf(worker)).toEqual(keyOf(web));
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    // Server defaults, as a real API server fills them in.
    expect([worker.spec.strategy.type, worker.spec.revisionHistoryLimit, pod.restartPolicy]).toEqual(["RollingUpdate", 10, "Always"]);
  });

  it("the web probes /api/health on its port, reads the Secret, and is what the Service and Ingress reach", () => {
    const web = c.store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "signpost", name: "signpost-web" })!;
    const pod = web.spec.template.spec;
    const ctr = pod.containers[0];
    expect([web.spec.replicas, ctr.image, ctr.ports]).toEqual([2, "signpost-web", [{ name: "http", containerPort: 3000, protocol: "TCP" }]]);
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      expect(ctr[probe].httpGet, probe).toEqual({ path: "/api/health", port: "http", scheme: "HTTP" });
    }
    expect(ctr.env).toContainEqual({ name: "SIGNPOST_SANDBOX", value: "off" });
    const fromSecret = ctr.env.filter((e: KubeObject) => e.valueFrom?.secretKeyRef?.name === "signpost").map((e: KubeObject) => e.name);
    expect(fromSecret).toEqual(["DATABASE_URL", "SIGNPOST_ADMIN_TOKEN", "SIGNPOST_SECRET_KEY"]);
    expect([pod.securityContext.runAsNonRoot, ctr.securityContext.allowPrivilegeEscalation, ctr.resources.limits.memory]).toEqual([true, false, "512Mi"]);
    const svc = c.store.get({ apiVersion: "v1", kind: "Service", namespace: "signpost", name: "signpost-web" })!;
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(web.spec.template.metadata.labels[k]).toBe(v);
    expect(svc.spec.ports).toEqual([{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
    const ing = c.store.get({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "signpost", name: "signpost" })!;
    expect(ing.spec.rules[0].host).toBe("signpost.example.com");
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: "signpost-web", port: { number: 80 } } });
  });
});

describe("a Deployment whose selector does not match its template labels", () => {
  const bad = {
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "bad", namespace: "signpost" },
    spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "other" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
  };
  const message = 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`';

  it("is refused under dry run with the API server's message, and nothing is stored", async () => {
    const file = path.join(tmp, "bad.yaml");
    fs.writeFileSync(file, YAML.stringify(bad));
    const rv = c.store.currentResourceVersion();
    const r = await kubectl(["apply", "--dry-run=server", "-f", file]);
    expect([r.code, r.stderr]).toEqual([1, `The Deployment "bad" is invalid: ${message}\n`]);
    const res = await fetch(`${c.url}/apis/apps/v1/namespaces/signpost/deployments?dryRun=All`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bad),
    });
    expect([res.status, await res.json()]).toEqual([422, {
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `Deployment.apps "bad" is invalid: ${message}`, reason: "Invalid",
      details: { name: "bad", group: "apps", kind: "Deployment", causes: [{ reason: "FieldValueInvalid", message: message.slice(message.indexOf(": ") + 2), field: "spec.template.metadata.labels" }] },
      code: 422,
    }]);
    expect(c.store.currentResourceVersion()).toBe(rv);
  });
});

describe("the opt-in Role for registration through the cluster (examples/register-through-cluster.yaml)", () => {
  const file = path.join(DIR, "examples", "register-through-cluster.yaml");
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJSON() as KubeObject);

  it("grants exactly the writes registration makes, on exactly the kinds it writes, and nothing cluster-wide", () => {
    const role = docs.find((d) => d.kind === "Role")!;
    const written = [INGRESS, HTTPROUTE, KONGPLUGIN].map((k) => `${k.group}/${k.resource}`).sort();
    const granted = (role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]);
    expect(granted.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`))).sort()).toEqual(written);
    for (const r of granted) expect(r.verbs).toEqual(expect.arrayContaining(["get", "create", "patch", "delete"]));
    expect(granted.flatMap((r) => r.verbs).filter((v) => !["get", "list", "create", "patch", "delete"].includes(v))).toEqual([]);
    expect(docs.map((d) => d.kind)).not.toContain("ClusterRole");
    const binding = docs.find((d) => d.kind === "RoleBinding")!;
    expect(binding.metadata.namespace).toBe(role.metadata.namespace);
    // the web servers write; the worker repairs interrupted registrations with the same writes
    const subjects = (binding.subjects as { kind: string; name: string }[]).map((s) => `${s.kind}/${s.name}`).sort();
    expect(subjects).toEqual(["ServiceAccount/signpost-web", "ServiceAccount/signpost-worker"]);
  });

  it("is accepted by kubectl apply --dry-run=server", async () => {
    await kubectl(["apply", "-f", path.join(DIR, "namespace.yaml")]);
    const r = await kubectl(["apply", "--dry-run=server", "-f", file]);
    expect(r.stderr).toBe("");
    expect(lines(r.stdout)).toEqual(docs.map((d) => `${printedName(d)} created (server dry run)`).sort());
  });
});
