// The sandbox cluster driven by the real kubectl (reference §2, checklist §6 items 1-3, 10-11):
// discovery and api-resources, server-side Table columns, apply (create, then SMP update),
// create twice, patch, delete --wait, get -w, selectors, HTTPRoute defaults, 422 messages.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube/index";
import { waitFor } from "../../lib/sandbox/kube/testing";

const KUBECTL = "/usr/bin/kubectl";
let tmp: string;
let c: SandboxCluster;
let plain: SandboxCluster;

type Run = { code: number; stdout: string; stderr: string };

/** Runs kubectl against `cluster` with its own kubeconfig and discovery cache. */
function kubectl(args: string[], cluster: SandboxCluster = c): Promise<Run> {
  const dir = path.join(tmp, String(cluster.port));
  return new Promise((resolve) => {
    execFile(KUBECTL, ["--kubeconfig", path.join(dir, "config"), "--request-timeout=20s", ...args],
      { env: { ...process.env, KUBECACHEDIR: path.join(dir, "cache"), HOME: tmp } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

function manifest(name: string, text: string): string {
  const file = path.join(tmp, "manifests", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Table rows as cells (kubectl separates columns by at least two spaces... or one before a short header). */
const rows = (out: string) => out.trimEnd().split("\n").map((l) => l.trim().split(/\s{2,}/));
const withoutAge = (table: string[][], ageCol: number) => table.map((r, i) => {
  if (i > 0) expect(r[ageCol]).toMatch(/^\d+s$/);
  return r.filter((_, j) => j !== ageCol);
});

const serviceYaml = (ns: string, name: string, port: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: {app: ${name}}
  ports:
  - port: ${port}
`;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-kubectl-"));
  c = await startSandboxCluster();
  plain = await startSandboxCluster({ gatewayApi: false, seed: false });
  for (const x of [c, plain]) x.writeKubeconfig(path.join(tmp, String(x.port), "config"));
  for (const ns of ["kapply", "kcreate", "kpatch", "kdelete", "kwatch", "kinvalid", "klist", "kssa"]) {
    c.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  }
});
afterAll(async () => {
  await Promise.all([c?.stop(), plain?.stop()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("reading the seeded cluster", () => {
  it("api-resources from legacy discovery (fresh cache)", async () => {
    const r = await kubectl(["api-resources"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe([
      "NAME             SHORTNAMES   APIVERSION                     NAMESPACED   KIND",
      "namespaces       ns           v1                             false        Namespace",
      "nodes            no           v1                             false        Node",
      "services         svc          v1                             true         Service",
      "endpointslices                discovery.k8s.io/v1            true         EndpointSlice",
      "gateways         gtw          gateway.networking.k8s.io/v1   true         Gateway",
      "httproutes                    gateway.networking.k8s.io/v1   true         HTTPRoute",
      "ingressclasses                networking.k8s.io/v1           false        IngressClass",
      "ingresses        ing          networking.k8s.io/v1           true         Ingress",
      "",
    ].join("\n"));
  });

  it("get svc -A prints the server's Table columns", async () => {
    const r = await kubectl(["get", "svc", "-A"]);
    expect(withoutAge(rows(r.stdout), 6)).toEqual([
      ["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)"],
      ["default", "kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP"],
      ["shop", "ordermgr", "ClusterIP", "10.96.1.4", "<none>", "80/TCP"],
      ["shop", "ordermgr-lb", "LoadBalancer", "10.96.1.6", "198.51.100.11", "80:30087/TCP"],
      ["shop", "ordermgr-nodeport", "NodePort", "10.96.1.5", "<none>", "80:30081/TCP"],
      ["shop", "usermgr", "ClusterIP", "10.96.1.1", "<none>", "80/TCP"],
      ["shop", "usermgr-lb", "LoadBalancer", "10.96.1.3", "198.51.100.10", "80:30086/TCP"],
      ["shop", "usermgr-nodeport", "NodePort", "10.96.1.2", "<none>", "80:30080/TCP"],
    ]);
    const wide = await kubectl(["get", "svc", "usermgr", "-n", "shop", "-o", "wide"]);
    expect(rows(wide.stdout)[0]).toEqual(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"]);
    expect(rows(wide.stdout)[1][6]).toBe("app=usermgr");
  });

  it("get ing prints the Ingress columns", async () => {
    const r = await kubectl(["get", "ing", "-n", "shop"]);
    expect(withoutAge(rows(r.stdout), 5)).toEqual([["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS"], ["shop-api", "kong", "api.shop.example", "198.51.100.20", "80"]]);
    expect((await kubectl(["get", "ingress"])).stderr).toBe("No resources found in default namespace.\n");
  });

  it("filters with -l and --field-selector, and rejects unknown fields with the server's message", async () => {
    const [byLabel, bySet, byField, bad] = await Promise.all([
      kubectl(["get", "svc", "-n", "shop", "-l", "app=usermgr", "-o", "name"]),
      kubectl(["get", "svc", "-n", "shop", "-l", "app in (ordermgr),app.kubernetes.io/name!=x", "--field-selector", "metadata.name!=ordermgr", "-o", "name"]),
      kubectl(["get", "svc", "-n", "shop", "--field-selector", "spec.type=NodePort", "-o", "name"]),
      kubectl(["get", "svc", "-A", "--field-selector", "spec.foo=bar"]),
    ]);
    expect(byLabel.stdout).toBe("service/usermgr\nservice/usermgr-lb\nservice/usermgr-nodeport\n");
    expect(bySet.stdout).toBe("service/ordermgr-lb\nservice/ordermgr-nodeport\n");
    expect(byField.stdout).toBe("service/ordermgr-nodeport\nservice/usermgr-nodeport\n");
    expect([bad.code, bad.stderr]).toEqual([1, 'Error from server (BadRequest): Unable to find "/v1, Resource=services" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n']);
  });

  it("sees no Gateway API on a cluster started without it", async () => {
    const r = await kubectl(["get", "httproutes"], plain);
    expect([r.code, r.stderr]).toEqual([1, 'error: the server doesn\'t have a resource type "httproutes"\n']);
  });
});

describe.concurrent("writing", () => {
  it("apply creates, then updates a port with a strategic merge patch", async () => {
    const v1 = manifest("apply-v1.yaml", serviceYaml("kapply", "api", 8080));
    const v2 = manifest("apply-v2.yaml", serviceYaml("kapply", "api", 9090));
    expect((await kubectl(["apply", "-f", v1])).stdout).toBe("service/api created\n");
    const created = c.store.get({ apiVersion: "v1", kind: "Service", namespace: "kapply", name: "api" })!;
    expect((await kubectl(["apply", "-f", v2])).stdout).toBe("service/api configured\n");
    expect((await kubectl(["apply", "-f", v2])).stdout).toBe("service/api unchanged\n");
    const svc = JSON.parse((await kubectl(["get", "svc", "api", "-n", "kapply", "-o", "json"])).stdout);
    expect(svc.spec.ports).toEqual([{ port: 9090, protocol: "TCP", targetPort: 9090 }]);
    expect([svc.spec.clusterIP, svc.metadata.uid]).toEqual([created.spec.clusterIP, created.metadata.uid]);
    expect(Object.keys(svc.metadata.annotations)).toEqual(["kubectl.kubernetes.io/last-applied-configuration"]);
    const log = c.control.requestLog().filter((e) => e.path.startsWith("/api/v1/namespaces/kapply/services")).map((e) => `${e.method} ${e.path.split("?")[0]}`);
    expect(log.slice(0, 5)).toEqual([
      "GET /api/v1/namespaces/kapply/services/api", "POST /api/v1/namespaces/kapply/services",
      "GET /api/v1/namespaces/kapply/services/api", "PATCH /api/v1/namespaces/kapply/services/api",
      "GET /api/v1/namespaces/kapply/services/api",
    ]);
  });

  it("apply -f of a kind: List file (what get -o yaml writes) validates against /openapi/v2 and creates", async () => {
    for (const n of ["la", "lb"]) {
      expect((await kubectl(["apply", "-f", manifest(`${n}.yaml`, serviceYaml("klist", n, 80))])).code).toBe(0);
    }
    const listed = await kubectl(["get", "svc", "-n", "klist", "-o", "yaml"]);
    expect(listed.stdout).toMatch(/^apiVersion: v1\nitems:/);
    const file = manifest("list.yaml", listed.stdout);
    expect((await kubectl(["delete", "svc", "--all", "-n", "klist"])).code).toBe(0);
    // Without /openapi/v2 this failed: "error validating data: failed to download openapi".
    const r = await kubectl(["apply", "-f", file]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.trim().split("\n")).toEqual(["service/la created", "service/lb created"]);
    // Client-side validation of the items runs against the real schemas: an unknown field is named.
    const bad = manifest("bad-list.yaml", `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: lc, namespace: klist}\n  spec: {ports: [{port: 80}], bogus: 1}\n`);
    const b = await kubectl(["apply", "-f", bad]);
    expect(b.code).not.toBe(0);
    expect(b.stderr).toContain("bogus");
  });

  it("create twice answers AlreadyExists", async () => {
    const file = manifest("create.yaml", serviceYaml("kcreate", "dup", 80));
    expect((await kubectl(["create", "-f", file])).stdout).toBe("service/dup created\n");
    const again = await kubectl(["create", "-f", file]);
    expect([again.code, again.stderr]).toEqual([1, `Error from server (AlreadyExists): error when creating "${file}": services "dup" already exists\n`]);
  });

  it("patch: strategic (default), merge and json", async () => {
    c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "p", namespace: "kpatch" }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 81, name: "b" }].map((p, i) => ({ ...p, name: i ? "b" : "a" })) } });
    const smp = await kubectl(["patch", "svc", "p", "-n", "kpatch", "-p", '{"spec":{"ports":[{"port":80,"name":"web"}]}}']);
    expect(smp.stdout).toBe("service/p patched\n");
    const merge = await kubectl(["patch", "svc", "p", "-n", "kpatch", "--type", "merge", "-p", '{"metadata":{"labels":{"team":"a"}}}']);
    expect(merge.stdout).toBe("service/p patched\n");
    const json = await kubectl(["patch", "svc", "p", "-n", "kpatch", "--type", "json", "-p", '[{"op":"replace","path":"/spec/sessionAffinity","value":"ClientIP"}]']);
    expect(json.stdout).toBe("service/p patched\n");
    const svc = c.store.get({ apiVersion: "v1", kind: "Service", namespace: "kpatch", name: "p" })!;
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 8080, name: "web", protocol: "TCP" }, { port: 81, name: "b", protocol: "TCP", targetPort: 81 }]);
    expect(svc.metadata.labels).toEqual({ team: "a" });
    expect(svc.spec.sessionAffinity).toBe("ClientIP");
  });

  it("delete -f waits until the object is gone", async () => {
    const file = manifest("delete.yaml", serviceYaml("kdelete", "gone", 80));
    await kubectl(["apply", "-f", file]);
    const r = await kubectl(["delete", "-f", file]);
    expect([r.code, r.stdout]).toEqual([0, 'service "gone" deleted\n']);
    expect(c.store.get({ apiVersion: "v1", kind: "Service", namespace: "kdelete", name: "gone" })).toBeUndefined();
    const log = c.control.requestLog().filter((e) => e.path.startsWith("/api/v1/namespaces/kdelete/services")).map((e) => `${e.method} ${e.path.replace(/[?&]timeout=20s$/, "")}`);
    const del = log.indexOf("DELETE /api/v1/namespaces/kdelete/services/gone");
    expect(del).toBeGreaterThan(0);
    expect(log[del + 1]).toMatch(/^GET \/api\/v1\/namespaces\/kdelete\/services(\/gone|\?fieldSelector=metadata.name%3Dgone)/);
    const missing = await kubectl(["delete", "-f", file]);
    expect([missing.code, missing.stderr]).toEqual([1, `Error from server (NotFound): error when deleting "${file}": services "gone" not found\n`]);
  });

  it("get -w prints the list, then changes as they happen", async () => {
    c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "first", namespace: "kwatch" }, spec: { ports: [{ port: 80 }] } });
    const dir = path.join(tmp, String(c.port));
    const child = spawn(KUBECTL, ["--kubeconfig", path.join(dir, "config"), "get", "svc", "-n", "kwatch", "-w"], {
      env: { ...process.env, KUBECACHEDIR: path.join(dir, "cache"), HOME: tmp },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    try {
      await waitFor(() => c.control.requestLog().some((e) => e.path.startsWith("/api/v1/namespaces/kwatch/services?") && e.path.includes("watch=true")), { what: "kubectl's watch", timeoutMs: 10_000 });
      c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "second", namespace: "kwatch" }, spec: { type: "NodePort", ports: [{ port: 80, nodePort: 31999 }] } });
      await waitFor(() => out.includes("second"), { what: "the new row" });
      expect(withoutAge(rows(out), 5)).toEqual([
        ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)"],
        ["first", "ClusterIP", c.store.get({ apiVersion: "v1", kind: "Service", namespace: "kwatch", name: "first" })!.spec.clusterIP, "<none>", "80/TCP"],
        ["second", "NodePort", c.store.get({ apiVersion: "v1", kind: "Service", namespace: "kwatch", name: "second" })!.spec.clusterIP, "<none>", "80:31999/TCP"],
      ]);
    } finally {
      child.kill();
    }
  });

  it("apply of an HTTPRoute shows the CRD defaults and updates with a merge patch", async () => {
    const route = (host: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: kroute
spec:
  parentRefs:
  - name: public
  hostnames: ["${host}"]
  rules:
  - backendRefs:
    - name: web
      port: 8080
`;
    // `create namespace` sends protobuf: the one protobuf body the sandbox decodes.
    expect((await kubectl(["create", "namespace", "kroute"])).stdout).toBe("namespace/kroute created\n");
    expect((await kubectl(["apply", "-f", manifest("route-1.yaml", route("web.example.com"))])).stdout).toBe("httproute.gateway.networking.k8s.io/web created\n");
    const got = JSON.parse((await kubectl(["get", "httproute", "web", "-n", "kroute", "-o", "json"])).stdout);
    expect(got.spec).toEqual({
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public" }],
      hostnames: ["web.example.com"],
      rules: [{ backendRefs: [{ group: "", kind: "Service", name: "web", port: 8080, weight: 1 }], matches: [{ path: { type: "PathPrefix", value: "/" } }] }],
    });
    expect((await kubectl(["apply", "-f", manifest("route-2.yaml", route("web2.example.com"))])).stdout).toBe("httproute.gateway.networking.k8s.io/web configured\n");
    const table = await kubectl(["get", "httproutes", "-n", "kroute"]);
    expect(withoutAge(rows(table.stdout), 2)).toEqual([["NAME", "HOSTNAMES"], ["web", '["web2.example.com"]']]);
    expect(c.control.requestLog().some((e) => e.method === "PATCH" && e.path.startsWith("/apis/gateway.networking.k8s.io/v1/namespaces/kroute/httproutes/web"))).toBe(true);
  });

  it("nodePort out of range gives the exact 422 message", async () => {
    const file = manifest("nodeport.yaml", `apiVersion: v1
kind: Service
metadata:
  name: bad
  namespace: kinvalid
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: 12306
`);
    const r = await kubectl(["apply", "-f", file]);
    expect([r.code, r.stderr]).toEqual([1, 'The Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 12306: provided port is not in the valid range. The range of valid ports is 30000-32767\n']);
  });
});
