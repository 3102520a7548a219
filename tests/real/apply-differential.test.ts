// Server-side apply (PATCH application/apply-patch+yaml) on the sandbox and on the real API server:
// create by apply (201), field ownership in managedFields, conflicts (409 with one cause per field)
// with other appliers and with updaters, force, fields an applier drops, dryRun=All, and the 400/422
// answers to malformed applies. Compared after helpers/differential.ts normalisation.
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { both, namespaceOnBoth, shape, startPair, type Pair } from "./helpers/differential";

let p: Pair;
const NS = "ssa";
const svc = (name: string) => `/api/v1/namespaces/${NS}/services/${name}`;
const APPLY = "application/apply-patch+yaml";

const service = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) =>
  YAML.stringify({ apiVersion: "v1", kind: "Service", metadata: { name, labels }, spec });

async function apply(path: string, body: string, query: string) {
  const [s, r] = await both(p, "PATCH", `${path}?${query}`, { body, contentType: APPLY });
  return { s: shape(s), r: shape(r) };
}

beforeAll(async () => {
  p = await startPair();
  await namespaceOnBoth(p, NS);
});
afterAll(async () => {
  await p?.stop();
});

describe("server-side apply", () => {
  it("creates by apply (201) with an Apply entry in managedFields, and a repeated apply changes nothing", async () => {
    const body = service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] }, { team: "a", tier: "front" });
    const first = await apply(svc("web"), body, "fieldManager=team-a");
    expect(first.s).toEqual(first.r);
    expect(first.r.status).toBe(201);
    const again = await apply(svc("web"), body, "fieldManager=team-a");
    expect(again.s).toEqual(again.r);
  });

  it("answers 409 with one cause per field when another applier sets a field differently, and takes it with force", async () => {
    const other = service("web", { ports: [{ name: "http", port: 80, targetPort: 9090 }] }, { tier: "back" });
    const conflict = await apply(svc("web"), other, "fieldManager=team-b");
    expect(conflict.s).toEqual(conflict.r);
    expect(conflict.r.status).toBe(409);
    const forced = await apply(svc("web"), other, "fieldManager=team-b&force=true");
    expect(forced.s).toEqual(forced.r);
  });

  it("shares a field set to the same value, and removes what an applier stops applying (unless another owns it)", async () => {
    const same = await apply(svc("web"), service("web", { selector: { app: "web" } }, { team: "a" }), "fieldManager=team-c");
    expect(same.s).toEqual(same.r);
    // team-a drops its labels and the selector: team is still team-c's, tier went to team-b.
    const dropped = await apply(svc("web"), service("web", { ports: [{ name: "http", port: 80, targetPort: 8080 }] }), "fieldManager=team-a&force=true");
    expect(dropped.s).toEqual(dropped.r);
  });

  it("conflicts with a field an update (merge patch) set, naming the updater and its apiVersion", async () => {
    const [s, r] = await both(p, "PATCH", `${svc("web")}?fieldManager=kubectl-edit`, { body: { spec: { sessionAffinity: "ClientIP" } }, contentType: "application/merge-patch+json" });
    expect(shape(s)).toEqual(shape(r));
    const conflict = await apply(svc("web"), service("web", { sessionAffinity: "None" }), "fieldManager=team-a");
    expect(conflict.s).toEqual(conflict.r);
    expect(conflict.r.status).toBe(409);
  });

  it("applies to an Ingress and to an HTTPRoute (a custom resource)", async () => {
    const ing = YAML.stringify({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "web" },
      spec: { rules: [{ host: "a.example", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] } });
    const route = YAML.stringify({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "web" },
      spec: { parentRefs: [{ name: "gw" }], hostnames: ["r.example"], rules: [{ backendRefs: [{ name: "web", port: 80 }] }] } });
    for (const [path, body] of [[`/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses/web`, ing], [`/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/web`, route]]) {
      const created = await apply(path, body, "fieldManager=team-a");
      expect(created.s, path).toEqual(created.r);
      const changed = await apply(path, body.replace(/a\.example|r\.example/, "b.example"), "fieldManager=team-a");
      expect(changed.s, path).toEqual(changed.r);
    }
  });

  it("dryRun=All answers the would-be object and stores nothing", async () => {
    const dry = await apply(svc("dry"), service("dry", { ports: [{ port: 80 }] }), "fieldManager=team-a&dryRun=All");
    expect(dry.s).toEqual(dry.r);
    const [s, r] = await both(p, "GET", svc("dry"));
    expect([s.status, r.status]).toEqual([404, 404]);
  });

  it("refuses malformed applies the same way", async () => {
    for (const [path, body, query] of [
      [svc("web"), service("web", { ports: [{ port: 80 }] }), ""],
      [svc("web"), service("web", { ports: [{ port: 80 }] }), "fieldManager=x&dryRun=Foo"],
      [svc("web"), YAML.stringify({ apiVersion: "v2", kind: "Service", metadata: { name: "web" } }), "fieldManager=x"],
      [svc("web"), YAML.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "web", managedFields: [{ manager: "x" }] } }), "fieldManager=x"],
      [svc("other"), service("web", { ports: [{ port: 80 }] }), "fieldManager=x"],
      [`/api/v1/namespaces/nowhere/services/web`, service("web", { ports: [{ port: 80 }] }), "fieldManager=x"],
      [svc("web"), service("web", { ports: [{ port: 80, protocol: "TCP" }, { port: 80, protocol: "TCP" }] }), "fieldManager=x"],
    ]) {
      const res = await apply(path, body, query);
      expect(res.s, `${path}?${query} ${body}`).toEqual(res.r);
    }
    const [s, r] = await both(p, "PATCH", `${svc("web")}?force=true`, { body: { metadata: { labels: { a: "b" } } }, contentType: "application/merge-patch+json" });
    expect(shape(s)).toEqual(shape(r));
  });
});
