import { describe, expect, it } from "vitest";
import { createRegistry } from "./resources";
import { compileSelectors, parseFieldSelector, parseLabelSelector } from "./selectors";
import { KubeApiError } from "./status-errors";
import type { KubeObject } from "./types";

const reg = createRegistry({ gatewayApi: true });
const services = reg.byPath("", "v1", "services")!;
const ingresses = reg.byPath("networking.k8s.io", "v1", "ingresses")!;
const routes = reg.byPath("gateway.networking.k8s.io", "v1", "httproutes")!;

const svc = (name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject =>
  ({ metadata: { name, namespace: "shop", labels }, spec });

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).code).toBe(400);
    expect((err as KubeApiError).reason).toBe("BadRequest");
    return (err as KubeApiError).message;
  }
  throw new Error("expected a 400");
}

describe("label selectors", () => {
  const objs = {
    a: { app: "web", tier: "front" },
    b: { app: "api", tier: "back" },
    c: { app: "db" },
    d: {},
  };
  const select = (s: string) => Object.entries(objs).filter(([, l]) => parseLabelSelector(s).matches(l)).map(([k]) => k);

  it.each([
    ["", ["a", "b", "c", "d"]],
    ["app=web", ["a"]],
    ["app==web", ["a"]],
    ["app!=web", ["b", "c", "d"]],
    ["app in (web, api)", ["a", "b"]],
    ["app notin (web,api)", ["c", "d"]],
    ["tier", ["a", "b"]],
    ["!tier", ["c", "d"]],
    ["app,tier=back", ["b"]],
    [" app = web , tier ", ["a"]],
    ["app in (web),!tier", []],
  ])("%j selects %j", (sel, expected) => {
    expect(select(sel)).toEqual(expected);
  });

  it("supports empty values and the Gt/Lt operators", () => {
    expect(parseLabelSelector("x=").matches({ x: "" })).toBe(true);
    expect(parseLabelSelector("x=").matches({ x: "1" })).toBe(false);
    expect(parseLabelSelector("n>3").matches({ n: "4" })).toBe(true);
    expect(parseLabelSelector("n<3").matches({ n: "4" })).toBe(false);
  });

  it("rejects malformed selectors with 400", () => {
    expect(badRequest(() => parseLabelSelector("app in web"))).toBe("unable to parse requirement: found 'web' expected: '('");
    // The messages of a v1.35 kube-apiserver (tests/real/crud-differential.test.ts compares them).
    expect(badRequest(() => parseLabelSelector("app in (web"))).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(badRequest(() => parseLabelSelector("a in ("))).toBe("unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(badRequest(() => parseLabelSelector("a in (x,"))).toBe("unable to parse requirement: found '', expected: ',', or identifier");
    expect(badRequest(() => parseLabelSelector("app=web,"))).toBe("found '', expected: identifier after ','");
  });
});

describe("field selectors", () => {
  it("parses =, == and != with escapes", () => {
    expect(parseFieldSelector("metadata.name=a\\,b,metadata.namespace!=x,spec.type==NodePort")).toEqual([
      { field: "metadata.name", op: "=", value: "a,b" },
      { field: "metadata.namespace", op: "!=", value: "x" },
      { field: "spec.type", op: "=", value: "NodePort" },
    ]);
  });

  it("filters Services by name, namespace, type and clusterIP", () => {
    const a = svc("a", {}, { type: "NodePort", clusterIP: "10.96.1.1" });
    const b = svc("b", {}, { type: "ClusterIP", clusterIP: "None" });
    const pick = (fs: string) => [a, b].filter(compileSelectors(services, "", fs)).map((o) => o.metadata.name);
    expect(pick("spec.type=NodePort")).toEqual(["a"]);
    expect(pick("spec.clusterIP=None")).toEqual(["b"]);
    expect(pick("metadata.name!=a")).toEqual(["b"]);
    expect(pick("metadata.namespace=shop,metadata.name=b")).toEqual(["b"]);
    expect(pick("metadata.namespace=other")).toEqual([]);
  });

  it("combines label and field selectors", () => {
    const objs = [svc("a", { app: "x" }), svc("b", { app: "x" }), svc("c", { app: "y" })];
    expect(objs.filter(compileSelectors(services, "app=x", "metadata.name!=a")).map((o) => o.metadata.name)).toEqual(["b"]);
  });

  it("answers unsupported fields with the per-group messages", () => {
    expect(badRequest(() => compileSelectors(services, "", "spec.foo=bar"))).toBe("field label not supported: spec.foo");
    expect(badRequest(() => compileSelectors(ingresses, "", "spec.ingressClassName=kong")))
      .toBe('"spec.ingressClassName" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(badRequest(() => compileSelectors(routes, "", "spec.hostnames=x")))
      .toBe('"spec.hostnames" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(badRequest(() => compileSelectors(services, "", "metadata.name"))).toBe("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  });
});
