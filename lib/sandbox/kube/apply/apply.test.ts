// Server-side apply and managedFields on the sandbox over HTTP, with the answers a real
// kube-apiserver v1.35 gives (tests/real/apply-differential.test.ts compares the two directly;
// this file keeps the behaviour covered where the real control plane is not built).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../index";

let c: SandboxCluster;
beforeAll(async () => {
  c = await startSandboxCluster({ seed: false });
  c.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ssa" } });
});
afterAll(async () => {
  await c.stop();
});

const path = (name: string) => `/api/v1/namespaces/ssa/services/${name}`;

async function apply(name: string, yaml: string, query: string) {
  const res = await fetch(`${c.url}${path(name)}?${query}`, { method: "PATCH", headers: { "content-type": "application/apply-patch+yaml" }, body: yaml });
  return { status: res.status, body: await res.json() };
}

const svc = (name: string, targetPort: number, extra = "") =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  labels: {team: a}\nspec:\n  ports:\n  - {name: http, port: 80, targetPort: ${targetPort}}${extra}\n`;

describe("server-side apply", () => {
  it("creates with 201 and records an Apply entry with exactly the applied fields", async () => {
    const r = await apply("web", svc("web", 8080), "fieldManager=team-a");
    expect(r.status).toBe(201);
    expect(r.body.spec).toMatchObject({ type: "ClusterIP", sessionAffinity: "None", ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080 }] });
    expect(r.body.metadata.managedFields).toEqual([{
      manager: "team-a", operation: "Apply", apiVersion: "v1", time: expect.any(String), fieldsType: "FieldsV1",
      fieldsV1: { "f:metadata": { "f:labels": { "f:team": {} } }, "f:spec": { "f:ports": { 'k:{"port":80,"protocol":"TCP"}': { ".": {}, "f:name": {}, "f:port": {}, "f:targetPort": {} } } } },
    }]);
  });

  it("answers 409 with one FieldManagerConflict cause per field, and takes the field with force", async () => {
    const r = await apply("web", svc("web", 9090), "fieldManager=team-b");
    expect(r).toEqual({ status: 409, body: {
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "Conflict", code: 409,
      message: 'Apply failed with 1 conflict: conflict with "team-a": .spec.ports[port=80,protocol="TCP"].targetPort',
      details: { causes: [{ reason: "FieldManagerConflict", message: 'conflict with "team-a"', field: '.spec.ports[port=80,protocol="TCP"].targetPort' }] },
    } });
    const forced = await apply("web", svc("web", 9090), "fieldManager=team-b&force=true");
    expect(forced.status).toBe(200);
    expect(forced.body.spec.ports[0].targetPort).toBe(9090);
    const owners = forced.body.metadata.managedFields.map((m: { manager: string; fieldsV1: Record<string, unknown> }) => [m.manager, JSON.stringify(m.fieldsV1).includes("targetPort")]);
    expect(owners).toEqual([["team-a", false], ["team-b", true]]);
  });

  it("names an updater and its apiVersion in a conflict with a field it changed", async () => {
    const patched = await fetch(`${c.url}${path("web")}?fieldManager=kubectl-edit`, { method: "PATCH", headers: { "content-type": "application/merge-patch+json" }, body: '{"spec":{"sessionAffinity":"ClientIP"}}' });
    expect(patched.status).toBe(200);
    const r = await apply("web", svc("web", 9090, "\n  sessionAffinity: None"), "fieldManager=team-b");
    expect([r.status, r.body.message]).toEqual([409, 'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .spec.sessionAffinity']);
  });

  it("requires a fieldManager, refuses force on other patches, and stores nothing on dryRun=All", async () => {
    const none = await apply("web", svc("web", 1), "");
    expect([none.status, none.body.message]).toEqual([422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch']);
    const merge = await fetch(`${c.url}${path("web")}?force=true`, { method: "PATCH", headers: { "content-type": "application/merge-patch+json" }, body: "{}" });
    expect((await merge.json()).message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    const dry = await apply("dry", svc("dry", 1), "fieldManager=x&dryRun=All");
    expect([dry.status, dry.body.metadata.name]).toEqual([201, "dry"]);
    expect((await fetch(`${c.url}${path("dry")}`)).status).toBe(404);
  });
});
