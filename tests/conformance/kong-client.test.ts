// The Kong client (lib/kong) against the sandbox gateway: reading across pages, snapshots that are
// complete or throw, retries, the token header, workspaces and node detection.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  getService, KongError, type KongTarget, listAll, listTargets, nodeInfo, snapshot,
} from "../../lib/kong/index";
import { type SandboxGateway, startSandboxGateway } from "../../lib/sandbox/kong/index";
import { listAllKept } from "../../lib/kong/list-all";

let gw: SandboxGateway;
let target: KongTarget;

beforeAll(async () => {
  gw = await startSandboxGateway();
  target = { name: "sandbox", adminUrl: gw.url };
  for (let i = 0; i < 2500; i++) {
    gw.store.insert("services", { name: `svc-${i}`, host: "h.test", tags: [i % 2 ? "odd" : "even", ...(i % 5 === 0 ? ["five"] : [])] });
  }
  const svc = gw.store.list("services")[0];
  gw.store.insert("routes", { name: "r1", paths: ["/r1"], service: { id: svc.id } });
  gw.store.insert("plugins", { name: "key-auth", service: { id: svc.id } });
  for (const name of ["u1", "u2"]) {
    gw.store.insert("upstreams", { name });
    for (const t of ["10.0.0.1", "10.0.0.2:9000"]) gw.store.insert("targets", { target: t }, { upstream: name });
  }
});
afterAll(() => gw.stop());
beforeEach(() => {
  gw.faults.clear();
  gw.faults.resetRequests();
});

const paths = () => gw.faults.requests.map((r) => r.path);

describe("listAllKept", () => {
  it("keeps what its function makes of each entity, page by page: a page's entities are done with before the next is read", async () => {
    const requestsAtEntity: number[] = [];
    const kept = await listAllKept(target, "services", (s) => {
      requestsAtEntity.push(gw.faults.requests.length);
      return s.tags?.includes("odd") ? { id: s.id, name: s.name } : undefined;
    });
    const all = await listAll(target, "services");
    expect(kept).toEqual(all.filter((s) => s.tags?.includes("odd")).map((s) => ({ id: s.id, name: s.name })));
    expect(kept).toHaveLength(1250);
    // 2,500 services in 3 pages: the first page's were seen when one request had been made
    expect(requestsAtEntity).toHaveLength(2500);
    expect([requestsAtEntity[0], requestsAtEntity[999], requestsAtEntity[1000], requestsAtEntity[2499]]).toEqual([1, 1, 2, 3]);
  });
});

describe("listAll and listTargets", () => {
  it("follows `offset` across pages with size=1000: 2,500 services in 3 requests, in id order", async () => {
    const all = await listAll(target, "services");
    expect(all).toHaveLength(2500);
    expect(all.map((s) => s.id)).toEqual(gw.store.list("services").map((s) => s.id));
    expect(all[0]).toMatchObject({ host: "h.test", port: 80, protocol: "http", path: null, enabled: true });
    const sent = paths();
    expect(sent).toHaveLength(3);
    expect(sent[0]).toBe("/services?size=1000");
    expect(sent[1]).toMatch(/^\/services\?size=1000&offset=/);
  });

  it("tag filters: and / or, sent again with every page", async () => {
    expect(await listAll(target, "services", { tags: ["odd", "five"] })).toHaveLength(250);
    expect(await listAll(target, "services", { tags: ["odd", "five"], mode: "or" })).toHaveLength(1500);
    gw.faults.resetRequests();
    expect(await listAll(target, "services", { tags: ["even"] })).toHaveLength(1250);
    expect(paths()).toHaveLength(2);
    expect(paths().every((p) => p.includes("tags=even"))).toBe(true);
    await expect(listAll(target, "services", { tags: ["a,b"] })).rejects.toThrow(RangeError);
  });

  it("lists the targets of one upstream", async () => {
    const ts = await listTargets(target, "u1");
    expect(ts.map((t) => t.target).sort()).toEqual(["10.0.0.1:8000", "10.0.0.2:9000"]);
    expect(ts[0]).toMatchObject({ weight: 100, tags: null, upstream: { id: gw.store.get("upstreams", "u1")!.id } });
  });
});

describe("snapshot", () => {
  it("reads everything", async () => {
    const s = await snapshot(target);
    expect(s.info).toEqual({ version: "3.9.1", edition: "community", dbless: false, routerFlavor: "traditional_compatible" });
    expect([s.services.length, s.routes.length, s.plugins.length, s.upstreams.length, s.targets.length]).toEqual([2500, 1, 1, 2, 4]);
  });

  it("throws on a 500 in the middle of pagination, even after retries", async () => {
    gw.faults.add({ method: "GET", pathPrefix: "/services", afterRequests: 1, action: { type: "status", status: 500 } });
    const err = await snapshot(target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KongError);
    expect(err).toMatchObject({ kind: "http", status: 500, gateway: "sandbox", path: "/services" });
    expect((err as Error).message).toBe('gateway "sandbox": Kong answered 500: An unexpected error occurred');
    expect(paths().filter((p) => p.startsWith("/services"))).toHaveLength(4); // page 1, then page 2 three times
  });

  it("throws when a page hangs past timeoutMs", async () => {
    gw.faults.add({ pathPrefix: "/routes", action: { type: "hang" } });
    const t0 = performance.now();
    const err = await snapshot({ ...target, timeoutMs: 250, retries: 1 }).catch((e: unknown) => e);
    const elapsed = performance.now() - t0;
    expect(err).toMatchObject({ kind: "timeout", gateway: "sandbox" });
    expect((err as Error).message).toBe(`gateway "sandbox": Admin API at ${gw.url} did not answer GET /routes within 250 ms`);
    expect(elapsed).toBeGreaterThanOrEqual(500);
  });
});

describe("retries", () => {
  it("a GET succeeds after one transient 503", async () => {
    gw.faults.add({ method: "GET", pathPrefix: "/services/svc-1", times: 1, action: { type: "status", status: 503 } });
    expect((await getService(target, "svc-1"))?.name).toBe("svc-1");
    expect(paths()).toEqual(["/services/svc-1", "/services/svc-1"]);
  });

  it("a GET that times out once is retried", async () => {
    gw.faults.add({ pathPrefix: "/services/svc-2", times: 1, action: { type: "delay", ms: 1000 } });
    expect((await getService({ ...target, timeoutMs: 200 }, "svc-2"))?.name).toBe("svc-2");
    expect(paths()).toHaveLength(2);
  });

  it("gives up after `retries` extra attempts", async () => {
    gw.faults.add({ pathPrefix: "/services/svc-3", action: { type: "status", status: 502 } });
    await expect(getService({ ...target, retries: 1 }, "svc-3")).rejects.toMatchObject({ status: 502 });
    expect(paths()).toHaveLength(2);
  });
});

describe("node info, workspaces and the RBAC token", () => {
  it("detects DB-less nodes and the edition of older versions", async () => {
    const dbless = await startSandboxGateway({ mode: "dbless" });
    const ee34 = await startSandboxGateway({ edition: "enterprise", version: "3.4.3.2" });
    const oss34 = await startSandboxGateway({ version: "3.4.1" });
    try {
      expect(await nodeInfo({ name: "d", adminUrl: dbless.url })).toMatchObject({ dbless: true, edition: "community" });
      expect(await nodeInfo({ name: "e", adminUrl: ee34.url })).toMatchObject({ version: "3.4.3.2", edition: "enterprise", dbless: false });
      expect(await nodeInfo({ name: "o", adminUrl: oss34.url })).toMatchObject({ version: "3.4.1", edition: "community" });
    } finally {
      await Promise.all([dbless.stop(), ee34.stop(), oss34.stop()]);
    }
  });

  it("prefixes the workspace (not on /), sends Kong-Admin-Token, and never puts the token in errors", async () => {
    const token = "tok-9f8e7d6c5b4a";
    const ee = await startSandboxGateway({ edition: "enterprise", rbacToken: token });
    try {
      ee.store.insert("services", { name: "a1", host: "a.test" }, { workspace: "team-a" });
      ee.store.insert("services", { name: "d1", host: "d.test" });
      const t: KongTarget = { name: "ee", adminUrl: `${ee.url}/`, token, workspace: "team-a" };
      const listed = await listAll(t, "services");
      expect(listed.map((s) => s.name)).toEqual(["a1"]);
      expect("ws_id" in listed[0]).toBe(false); // enterprise extras are dropped, not rejected
      expect((await nodeInfo(t)).edition).toBe("enterprise");
      expect(ee.faults.requests.map((r) => r.path)).toEqual(["/team-a/services?size=1000", "/"]);
      const noToken = await listAll({ ...t, token: undefined }, "services").catch((e: unknown) => e as KongError);
      expect(noToken).toMatchObject({ kind: "http", status: 401 });
      expect((noToken as Error).message).toMatch(/^gateway "ee": Kong answered 401: /);
      ee.faults.add({ pathPrefix: "/team-a/routes", action: { type: "hang" } });
      const timeout = await listAll({ ...t, timeoutMs: 100, retries: 0 }, "routes").catch((e: unknown) => e as KongError);
      const leaks = [noToken, timeout].flatMap((e) => [String(e), (e as Error).stack ?? "", JSON.stringify(e)]);
      expect(leaks.some((s) => s.includes(token))).toBe(false);
    } finally {
      await ee.stop();
    }
  });
});

describe("failures outside Kong", () => {
  it("an unreachable Admin API is named with its address and the network error", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await nodeInfo({ name: "prod", adminUrl: `http://127.0.0.1:${port}`, retries: 0 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unreachable", gateway: "prod" });
    expect((err as Error).message).toBe(`gateway "prod": Admin API unreachable at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it("answers that are not Kong's shape are invalid-response errors, never retried", async () => {
    let calls = 0;
    const odd = createServer((req, res) => {
      calls += 1;
      res.setHeader("content-type", "application/json");
      res.end(req.url?.startsWith("/services") ? '{"data":"nope"}' : "<html>");
    });
    await new Promise<void>((r) => odd.listen(0, "127.0.0.1", () => r()));
    const t = { name: "odd", adminUrl: `http://127.0.0.1:${(odd.address() as AddressInfo).port}` };
    try {
      await expect(listAll(t, "services")).rejects.toMatchObject({
        kind: "invalid-response", message: expect.stringMatching(/^gateway "odd": unexpected response to GET \/services: data: /),
      });
      await expect(nodeInfo(t)).rejects.toMatchObject({ kind: "invalid-response" });
      expect(calls).toBe(2);
    } finally {
      await new Promise<void>((r) => odd.close(() => r()));
    }
  });
});

describe("redirects", () => {
  it("are never followed with the admin token: the call fails naming the redirect", async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push(req.headers["kong-admin-token"] as string | undefined);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", () => r()));
    const away = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const redirecting = createServer((req, res) => res.writeHead(307, { location: `${away}${req.url}` }).end());
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", () => r()));
    const from = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    try {
      const t: KongTarget = { name: "moved", adminUrl: from, token: "very-secret-admin-token", retries: 0 };
      const err = await getService(t, "billing").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KongError);
      expect((err as KongError).message).toBe(
        `gateway "moved": Admin API at ${from} answered 307 redirecting to ${away}; Signpost does not follow redirects (they would carry the admin token): set the gateway's adminUrl to the address that answers`,
      );
      expect((err as KongError).status).toBe(307);
      expect(seen).toEqual([]);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });
});
