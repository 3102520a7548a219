// Discovery and OpenAPI on the sandbox and on the real API server, for the kinds the sandbox serves:
// /version's shape, /api, /apis, every served group and group-version document (entry by entry),
// and /openapi/v2 and /openapi/v3 equal to the real documents cut to the same kinds.
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trimV2, trimV3, type ServedPlurals } from "../../lib/sandbox/kube/openapi-trim";
import { createRegistry } from "../../lib/sandbox/kube/resources";
import { both, startPair, type Pair } from "./helpers/differential";
import { kubeHttp } from "./helpers/kube-http";

let p: Pair;
const registry = createRegistry({ gatewayApi: true });
const served: ServedPlurals = new Map();
for (const d of registry.all) {
  const prefix = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`;
  served.set(prefix, (served.get(prefix) ?? new Set()).add(d.plural));
}
const kinds = new Set(registry.all.map((d) => d.kind));
const byName = (list: { name: string }[]) => new Map(list.map((x) => [x.name, x]));

beforeAll(async () => {
  p = await startPair();
});
afterAll(async () => {
  await p?.stop();
});

describe("discovery", () => {
  it("/version has the same fields, and the sandbox claims the real server's release", async () => {
    const [s, r] = await both(p, "GET", "/version?timeout=5s");
    expect(Object.keys(s.json).sort()).toEqual(Object.keys(r.json).sort());
    expect(s.json.gitVersion).toBe(r.json.gitVersion);
  });

  it("/api: APIVersions with v1 and this server's address", async () => {
    const [s, r] = await both(p, "GET", "/api?timeout=32s");
    const addr = (x: typeof s) => ({ ...x.json, serverAddressByClientCIDRs: x.json.serverAddressByClientCIDRs.map((a: { clientCIDR: string }) => ({ ...a, serverAddress: "<address>" })) });
    expect([s.headers["content-type"], addr(s)]).toEqual([r.headers["content-type"], addr(r)]);
  });

  it("/apis and /apis/<group>: the served groups exactly as the real server lists them", async () => {
    const [s, r] = await both(p, "GET", "/apis");
    const real = byName(r.json.groups);
    expect(s.json.groups.map((g: { name: string }) => g.name)).toEqual(r.json.groups.map((g: { name: string }) => g.name).filter((n: string) => registry.groups.some((g) => g.name === n)));
    for (const g of s.json.groups) expect(g, g.name).toEqual(real.get(g.name));
    for (const g of registry.groups) {
      const [sg, rg] = await both(p, "GET", `/apis/${g.name}`);
      expect(sg.json, g.name).toEqual(rg.json);
    }
  });

  it("every served group-version lists its resources as the real server does", async () => {
    const differing: unknown[] = [];
    for (const prefix of served.keys()) {
      const [s, r] = await both(p, "GET", `${prefix}?timeout=32s`);
      const real = byName(r.json.resources);
      expect({ ...s.json, resources: undefined }, prefix).toEqual({ ...r.json, resources: undefined });
      for (const res of s.json.resources) {
        if (!isDeepStrictEqual(res, real.get(res.name))) differing.push({ prefix, sandbox: res, real: real.get(res.name) });
      }
    }
    expect(differing).toEqual([]);
  });
});

describe("OpenAPI", () => {
  it("/openapi/v3/<gv> is the real document cut to the served kinds", async () => {
    for (const prefix of served.keys()) {
      const [s, r] = await Promise.all([kubeHttp(p.sandbox, "GET", `/openapi/v3${prefix}`), kubeHttp(p.real, "GET", `/openapi/v3${prefix}`)]);
      expect(s.json, prefix).toEqual(trimV3(r.json, new Map([[prefix, served.get(prefix)!]]), kinds));
    }
  });

  it("/openapi/v2 is the real document cut to the kinds the sandbox can serve (JSON and protobuf)", async () => {
    const all = createRegistry({ gatewayApi: true, workloads: true });
    const servable: ServedPlurals = new Map();
    for (const d of all.all) {
      const prefix = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`;
      servable.set(prefix, (servable.get(prefix) ?? new Set()).add(d.plural));
    }
    const [s, r] = await both(p, "GET", "/openapi/v2");
    expect(s.json).toEqual(trimV2(r.json, servable, new Set(all.all.map((d) => d.kind))));
    const pb = await kubeHttp(p.sandbox, "GET", "/openapi/v2", { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" });
    expect(pb.headers["content-type"]).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  });
});
