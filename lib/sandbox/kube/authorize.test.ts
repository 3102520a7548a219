// Deny rules of the sandbox cluster over HTTP: a matching request gets the API server's RBAC 403
// (message as apiserver's forbiddenMessage, reason Forbidden, details), others pass, [] clears.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";

describe("sandbox cluster deny rules", () => {
  let cluster: SandboxCluster;
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${cluster.url}${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  beforeAll(async () => {
    cluster = await startSandboxCluster({ port: 0 });
  });
  afterAll(async () => cluster?.stop());

  it("refuses what a rule names with RBAC's 403, allows the rest, and [] allows everything again", async () => {
    const rules = [{ verbs: ["patch", "create"], resources: ["ingresses"], namespaces: ["shop"], user: "ci" }];
    expect((await call("/_sandbox/deny", { method: "POST", body: JSON.stringify({ rules }) })).body).toEqual({ ok: true, rules: 1 });
    const patch = await call("/apis/networking.k8s.io/v1/namespaces/shop/ingresses/x?fieldManager=t", {
      method: "PATCH", headers: { "content-type": "application/apply-patch+yaml" },
      body: JSON.stringify({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "x" } }),
    });
    expect(patch.status).toBe(403);
    expect(patch.body).toEqual({
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
      message: 'ingresses.networking.k8s.io "x" is forbidden: User "ci" cannot patch resource "ingresses" in API group "networking.k8s.io" in the namespace "shop"',
      reason: "Forbidden", details: { name: "x", group: "networking.k8s.io", kind: "ingresses" }, code: 403,
    });
    const create = await call("/apis/networking.k8s.io/v1/namespaces/shop/ingresses", { method: "POST", body: "{}" });
    expect(create.body.message).toBe('ingresses.networking.k8s.io is forbidden: User "ci" cannot create resource "ingresses" in API group "networking.k8s.io" in the namespace "shop"');
    // another verb, another namespace: allowed
    expect((await call("/apis/networking.k8s.io/v1/namespaces/shop/ingresses")).status).toBe(200);
    expect((await call("/apis/networking.k8s.io/v1/namespaces/default/ingresses", { method: "POST", body: JSON.stringify({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "y" }, spec: { defaultBackend: { service: { name: "s", port: { number: 80 } } } } }) })).status).toBe(201);
    await call("/_sandbox/deny", { method: "POST", body: JSON.stringify({ rules: [] }) });
    expect((await call("/apis/networking.k8s.io/v1/namespaces/shop/ingresses", { method: "POST", body: JSON.stringify({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "z" }, spec: { defaultBackend: { service: { name: "s", port: { number: 80 } } } } }) })).status).toBe(201);
  });

  it("refuses a malformed rule list with 400", async () => {
    expect((await call("/_sandbox/deny", { method: "POST", body: JSON.stringify({ rules: "all" }) })).status).toBe(400);
  });
});
