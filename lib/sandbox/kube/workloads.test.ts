// The kinds served with `workloads: true` (defaults, validation messages, SMP merge keys) and
// dryRun on every write verb, at the store and over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRegistry } from "./resources";
import { startSandboxCluster, type SandboxCluster } from "./server";
import { KubeApiError } from "./status-errors";
import { ClusterStore } from "./store";
import type { KubeObject } from "./types";

let store: ClusterStore;
beforeEach(() => {
  store = new ClusterStore({ registry: createRegistry({ gatewayApi: false, workloads: true }) });
  store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } });
});

function apiError(fn: () => unknown): KubeApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KubeApiError) return err;
    throw err;
  }
  throw new Error("expected a KubeApiError");
}

const deployment = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "app" },
  spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web:1.2", ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }] } }, ...spec },
});
const binding = (roleRef: Record<string, string>, subjects: unknown[]): KubeObject =>
  ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "b" }, roleRef, subjects });

describe("defaults", () => {
  it("Deployment: SetDefaults_Deployment and the pod template defaults", () => {
    const d = store.create(deployment());
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toEqual({});
    expect(d.spec).toEqual({
      replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" }, creationTimestamp: null },
        spec: {
          restartPolicy: "Always", terminationGracePeriodSeconds: 30, dnsPolicy: "ClusterFirst", securityContext: {}, schedulerName: "default-scheduler",
          containers: [{
            name: "web", image: "web:1.2", ports: [{ containerPort: 80, protocol: "TCP" }], imagePullPolicy: "IfNotPresent", resources: {},
            terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File",
            readinessProbe: { httpGet: { port: 80, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          }],
        },
      },
    });
    const latest = store.create({ ...deployment(), metadata: { name: "l", namespace: "app" }, spec: { ...deployment().spec, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "registry:5000/web" }] } } } });
    expect(latest.spec.template.spec.containers[0].imagePullPolicy).toBe("Always");
  });

  it("Secret: type Opaque, stringData folded into data; binding subjects and roleRef get their apiGroup", () => {
    const s = store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "app" }, stringData: { a: "hé" }, data: { b: "eA==" } });
    expect([s.type, s.data, s.stringData]).toEqual(["Opaque", { a: "aMOp", b: "eA==" }, undefined]);
    const b = store.create(binding({ kind: "ClusterRole", name: "r" }, [{ kind: "User", name: "u" }, { kind: "ServiceAccount", name: "sa", namespace: "app" }]));
    expect([b.roleRef.apiGroup, b.subjects]).toEqual(["rbac.authorization.k8s.io", [{ kind: "User", name: "u", apiGroup: "rbac.authorization.k8s.io" }, { kind: "ServiceAccount", name: "sa", namespace: "app" }]]);
    expect(b.metadata.generation).toBeUndefined();
  });
});

describe("validation (422 with the real messages)", () => {
  it("Deployment", () => {
    expect(apiError(() => store.create(deployment({ selector: undefined }))).message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]');
    expect(apiError(() => store.create(deployment({ replicas: -1, strategy: { type: "Recreate", rollingUpdate: {} }, template: { metadata: { labels: { app: "web" } }, spec: { restartPolicy: "Never", containers: [{ name: "Web" }] } } }))).message).toBe(
      'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\'), spec.template.spec.containers[0].image: Required value, spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always", spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is \'Recreate\']');
    store.create(deployment());
    const moved = deployment({ selector: { matchLabels: { app: "web", v: "2" } }, template: { metadata: { labels: { app: "web", v: "2" } }, spec: { containers: [{ name: "web", image: "web:2" }] } } });
    expect(apiError(() => store.update(moved)).message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });

  it("RBAC rules, bindings, names and the immutable roleRef", () => {
    const role = (rules: unknown[]) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "system:x" }, rules });
    expect(apiError(() => store.create(role([{ apiGroups: [""], resources: ["pods"] }, { verbs: ["get"] }]))).message).toBe(
      'ClusterRole.rbac.authorization.k8s.io "system:x" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[1].apiGroups: Required value: resource rules must supply at least one api group, rules[1].resources: Required value: resource rules must supply at least one resource]');
    expect(store.create(role([{ nonResourceURLs: ["/healthz"], verbs: ["get"] }])).metadata.name).toBe("system:x");
    expect(apiError(() => store.create({ ...role([]), metadata: { name: "a/b" } })).message).toBe(`ClusterRole.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain '/'`);
    expect(apiError(() => store.create(binding({ kind: "Role", name: "r" }, [{ kind: "ServiceAccount", name: "sa" }, { kind: "Robot", name: "x" }]))).message).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value, subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"]');
    store.create(binding({ kind: "ClusterRole", name: "r" }, []));
    expect(apiError(() => store.update(binding({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "other" }, []))).message).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"other"}: cannot change roleRef');
  });

  it("ConfigMap and Secret keys, base64 data (400), immutability", () => {
    const cm = (data: Record<string, unknown>, immutable?: boolean): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "app" }, data, immutable });
    expect(apiError(() => store.create(cm({ "a b": "x" }))).message).toBe(
      `ConfigMap "c" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
    expect(apiError(() => store.create(cm({ n: 1 }))).status).toMatchObject({ code: 400, message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string' });
    store.create(cm({ a: "1" }, true));
    expect(apiError(() => store.update(cm({ a: "2" }, true))).message).toBe('ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "app" }, data: { k: "not base64!" } };
    expect(apiError(() => store.create(secret)).status).toMatchObject({ code: 400, message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3' });
  });

  it("strategic merge patches containers by name and their ports by containerPort", () => {
    store.create(deployment());
    const patched = store.patch({ apiVersion: "apps/v1", kind: "Deployment", namespace: "app", name: "web" },
      { spec: { template: { spec: { containers: [{ name: "web", ports: [{ containerPort: 81 }, { $patch: "delete", containerPort: 80 }] }] } } } }, "strategic");
    const c = patched.spec.template.spec.containers;
    expect([c.length, c[0].image, c[0].ports, patched.metadata.generation]).toEqual([1, "web:1.2", [{ containerPort: 81, protocol: "TCP" }], 2]);
  });
});

describe("dryRun on the store: full pipeline, nothing stored, no event, no resourceVersion", () => {
  it("create, update, patch and delete", () => {
    const events: string[] = [];
    store.subscribe((ev) => events.push(ev.type));
    const rv = store.currentResourceVersion();
    const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "app" }, spec: { type: "NodePort", ports: [{ port: 80 }] } };
    const dry = store.create(svc, { dryRun: true });
    expect([dry.metadata.resourceVersion, dry.metadata.uid !== undefined, dry.spec.clusterIP, dry.spec.ports[0].nodePort]).toEqual([undefined, true, "10.96.1.1", 30086]);
    expect(apiError(() => store.create({ ...deployment(), metadata: { name: "Bad", namespace: "app" } }, { dryRun: true })).code).toBe(422);
    expect(apiError(() => store.create({ ...svc, metadata: { name: "s", namespace: "nope" } }, { dryRun: true })).code).toBe(404);
    expect([store.currentResourceVersion(), events, store.get({ apiVersion: "v1", kind: "Service", namespace: "app", name: "s" })]).toEqual([rv, [], undefined]);
    // The would-be values were not taken: the real create gets the same ones.
    const real = store.create(svc);
    expect([real.spec.clusterIP, real.spec.ports[0].nodePort]).toEqual(["10.96.1.1", 30086]);
    const ref = { apiVersion: "v1", kind: "Service", namespace: "app", name: "s" };
    const rv2 = store.currentResourceVersion();
    const updated = store.patch(ref, { metadata: { labels: { a: "b" } } }, "merge", { dryRun: true });
    expect([updated.metadata.labels, updated.metadata.resourceVersion]).toEqual([{ a: "b" }, rv2]);
    expect(store.update({ ...real, spec: { ...real.spec, ports: [{ port: 81 }] } }, { dryRun: true }).spec.ports[0].port).toBe(81);
    expect(store.delete(ref, { dryRun: true }).metadata.name).toBe("s");
    expect(store.get(ref)).toEqual(real);
    expect([store.currentResourceVersion(), events]).toEqual([rv2, ["ADDED"]]);
  });
});

describe("over HTTP", () => {
  let c: SandboxCluster;
  beforeAll(async () => {
    c = await startSandboxCluster({ seed: false, workloads: true, gatewayApi: false });
  });
  afterAll(() => c.stop());
  const call = async (method: string, p: string, body?: unknown) => {
    const type = method === "PATCH" ? "application/merge-patch+json" : "application/json";
    const res = await fetch(c.url + p, { method, headers: { "content-type": type }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };

  it("serves discovery for the new groups", async () => {
    expect((await call("GET", "/apis")).body.groups.map((g: { name: string }) => g.name)).toEqual(["apps", "networking.k8s.io", "rbac.authorization.k8s.io", "discovery.k8s.io"]);
    expect((await call("GET", "/apis/apps/v1")).body.resources.map((r: { name: string }) => r.name)).toEqual(["deployments", "deployments/status"]);
    const doc = (await call("GET", "/openapi/v3/apis/rbac.authorization.k8s.io/v1")).body;
    expect(Object.keys(doc.paths)).toContain("/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}");
  });

  it("answers unknown dryRun values with 422 as ValidateDryRun does, and accepts dryRun=All in a DELETE body", async () => {
    await call("POST", "/api/v1/namespaces", { metadata: { name: "app" } });
    const r = await call("POST", "/api/v1/namespaces/app/configmaps?dryRun=Foo", { metadata: { name: "c" } });
    expect(r).toEqual({ status: 422, body: {
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "Invalid", code: 422,
      message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Foo"]: supported values: "All"',
      details: { group: "meta.k8s.io", kind: "CreateOptions", causes: [{ reason: "FieldValueNotSupported", message: 'Unsupported value: ["Foo"]: supported values: "All"', field: "dryRun" }] },
    } });
    expect((await call("POST", "/api/v1/namespaces/app/configmaps?dryRun=All", { metadata: { name: "c" } })).status).toBe(201);
    expect((await call("GET", "/api/v1/namespaces/app/configmaps/c")).status).toBe(404);
    await call("POST", "/api/v1/namespaces/app/configmaps", { metadata: { name: "c" } });
    expect((await call("PATCH", "/api/v1/namespaces/app/configmaps/c?dryRun=Some", {})).body.message).toMatch(/^PatchOptions\.meta\.k8s\.io "" is invalid/);
    expect((await call("DELETE", "/api/v1/namespaces/app/configmaps/c", { dryRun: ["All"] })).status).toBe(200);
    expect((await call("GET", "/api/v1/namespaces/app/configmaps/c?dryRun=ignored")).status).toBe(200);
  });
});
