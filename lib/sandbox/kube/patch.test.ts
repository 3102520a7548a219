import { describe, expect, it } from "vitest";
import { applyPatch, mergePatch, PatchError } from "./patch";

const svc = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "api", labels: { app: "api", tier: "back" }, finalizers: ["a"] },
  spec: {
    ports: [
      { name: "http", port: 8080, protocol: "TCP", targetPort: 8080, nodePort: 30001 },
      { name: "metrics", port: 9100, protocol: "TCP", targetPort: 9100 },
    ],
    selector: { app: "api" },
    type: "NodePort",
  },
};

describe("strategic merge patch", () => {
  it("applies kubectl's port-change body (reference §2.7)", () => {
    const original = { ...svc, spec: { ...svc.spec, ports: [{ port: 8080, protocol: "TCP", targetPort: 8080 }] } };
    const patch = {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}\n" } },
      spec: { "$setElementOrder/ports": [{ port: 9090 }], ports: [{ port: 9090 }, { $patch: "delete", port: 8080 }] },
    };
    const out = applyPatch("Service", original, patch, "strategic");
    expect(out.spec.ports).toEqual([{ port: 9090 }]);
    expect(out.metadata.annotations).toEqual({ "kubectl.kubernetes.io/last-applied-configuration": "{}\n" });
    expect(out.spec.selector).toEqual({ app: "api" });
  });

  it("merges Service ports by the port key and keeps unnamed fields", () => {
    const out = applyPatch("Service", svc, { spec: { ports: [{ port: 8080, name: "web" }] } }, "strategic");
    expect(out.spec.ports).toEqual([
      { name: "web", port: 8080, protocol: "TCP", targetPort: 8080, nodePort: 30001 },
      { name: "metrics", port: 9100, protocol: "TCP", targetPort: 9100 },
    ]);
  });

  it("orders by $setElementOrder and appends new elements", () => {
    const out = applyPatch("Service", svc, {
      spec: { "$setElementOrder/ports": [{ port: 9100 }, { port: 443 }, { port: 8080 }], ports: [{ port: 443, name: "https" }] },
    }, "strategic");
    expect(out.spec.ports.map((p: { port: number }) => p.port)).toEqual([9100, 443, 8080]);
  });

  it("deletes keys with null, nested maps with $patch: delete, replaces with $patch: replace", () => {
    const out = applyPatch("Service", svc, { metadata: { labels: { tier: null, new: "1" } }, spec: { selector: { $patch: "replace", role: "x" } } }, "strategic");
    expect(out.metadata.labels).toEqual({ app: "api", new: "1" });
    expect(out.spec.selector).toEqual({ role: "x" });
    expect(applyPatch("Service", svc, { spec: { selector: { $patch: "delete" } } }, "strategic").spec.selector).toBeUndefined();
  });

  it("replaces a keyed list with a $patch: replace element", () => {
    const out = applyPatch("Service", svc, { spec: { ports: [{ $patch: "replace" }, { port: 1 }] } }, "strategic");
    expect(out.spec.ports).toEqual([{ port: 1 }]);
  });

  it("replaces lists without a merge key wholesale (Ingress rules)", () => {
    const ing = { metadata: { name: "i" }, spec: { rules: [{ host: "a" }, { host: "b" }], tls: [{ hosts: ["a"] }] } };
    const out = applyPatch("Ingress", ing, { spec: { rules: [{ host: "c" }] } }, "strategic");
    expect(out.spec).toEqual({ rules: [{ host: "c" }], tls: [{ hosts: ["a"] }] });
  });

  it("merges primitive merge lists and honours $deleteFromPrimitiveList", () => {
    const out = applyPatch("Service", svc, { metadata: { finalizers: ["b"], "$deleteFromPrimitiveList/finalizers": ["a"] } }, "strategic");
    expect(out.metadata.finalizers).toEqual(["b"]);
  });

  it("requires the merge key in keyed list elements", () => {
    expect(() => applyPatch("Service", svc, { spec: { ports: [{ name: "x" }] } }, "strategic")).toThrow(PatchError);
  });

  it("does not mutate its input", () => {
    const before = JSON.stringify(svc);
    applyPatch("Service", svc, { spec: { ports: [{ port: 8080, $patch: "delete" }] }, metadata: { labels: null } }, "strategic");
    expect(JSON.stringify(svc)).toBe(before);
  });
});

describe("merge patch (RFC 7386)", () => {
  it("follows the RFC's examples", () => {
    // RFC 7386 Appendix A, a selection.
    expect(mergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(mergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(mergePatch({ a: "b" }, { a: null })).toEqual({});
    expect(mergePatch({ a: ["b"] }, { a: "c" })).toEqual({ a: "c" });
    expect(mergePatch({ a: { b: "c" } }, { a: { b: "d", c: null } })).toEqual({ a: { b: "d" } });
    expect(mergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch(["a", "b"], ["c", "d"])).toEqual(["c", "d"]);
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
  });

  it("replaces lists, so Service ports are not merged", () => {
    expect(applyPatch("Service", svc, { spec: { ports: [{ port: 1 }] } }, "merge").spec.ports).toEqual([{ port: 1 }]);
  });
});

describe("JSON patch (RFC 6902)", () => {
  it("applies add, replace, remove, move, copy and test", () => {
    const out = applyPatch("Service", svc, [
      { op: "test", path: "/spec/type", value: "NodePort" },
      { op: "replace", path: "/spec/type", value: "ClusterIP" },
      { op: "remove", path: "/spec/ports/0/nodePort" },
      { op: "add", path: "/metadata/labels/a~1b", value: "x" },
      { op: "add", path: "/spec/ports/-", value: { port: 1 } },
      { op: "copy", from: "/metadata/name", path: "/metadata/labels/name" },
      { op: "move", from: "/metadata/labels/tier", path: "/metadata/labels/layer" },
    ], "json");
    expect(out.spec.type).toBe("ClusterIP");
    expect(out.spec.ports[0].nodePort).toBeUndefined();
    expect(out.spec.ports[2]).toEqual({ port: 1 });
    expect(out.metadata.labels).toEqual({ app: "api", "a/b": "x", name: "api", layer: "back" });
  });

  it("fails on a failed test or a missing path", () => {
    expect(() => applyPatch("Service", svc, [{ op: "test", path: "/spec/type", value: "x" }], "json")).toThrow(PatchError);
    expect(() => applyPatch("Service", svc, [{ op: "replace", path: "/spec/nope/x", value: 1 }], "json")).toThrow(PatchError);
  });
});
