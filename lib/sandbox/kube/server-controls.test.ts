// The sandbox cluster's HTTP controls (410 storms, dropped watches, the request log, outages),
// bearer-token auth and running without the Gateway API group, over plain fetch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxCluster } from "./index";
import { callJson, clusterSet, openWatchStream, waitFor } from "./testing";

let c: SandboxCluster;
const clusters = clusterSet();
const start = clusters.start;
beforeAll(async () => {
  c = await start();
});
afterAll(() => clusters.stopAll());

const call = (path: string, init: RequestInit & { base?: string } = {}) => callJson((init.base ?? c.url) + path, init);
const NOT_FOUND = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", details: {}, code: 404 };

describe("controls, auth, optional Gateway API", () => {
  it("HTTP controls: 410 storm, drop, request log", async () => {
    await call("/_sandbox/requests?reset=true");
    expect((await call("/_sandbox/fail-next-watches", { method: "POST", body: JSON.stringify({ count: 2, mode: "status" }) })).status).toBe(200);
    expect((await call("/api/v1/services?watch=true")).status).toBe(410);
    expect((await call("/api/v1/services?watch=true&resourceVersion=3")).status).toBe(410);
    const w = await openWatchStream(`${c.url}/api/v1/services?watch=true`);
    const count = c.store.list({ apiVersion: "v1", kind: "Service" }).items.length;
    await waitFor(() => w.events.length === count);
    expect((await call("/_sandbox/drop-watches", { method: "POST" })).body.dropped).toBeGreaterThanOrEqual(1);
    await waitFor(() => w.ended());
    expect(w.error()).toBeDefined();
    const log = (await call("/_sandbox/requests")).body.items.map((e: { method: string; path: string }) => `${e.method} ${e.path}`);
    expect(log).toEqual(["GET /api/v1/services?watch=true", "GET /api/v1/services?watch=true&resourceVersion=3", "GET /api/v1/services?watch=true"]);
  });

  it("HTTP outage: answers, stops listening and dropping watches, then serves again on the same port", async () => {
    const down = await start({ seed: false });
    const w = await openWatchStream(`${down.url}/api/v1/namespaces?watch=true`);
    expect((await call("/_sandbox/outage", { base: down.url, method: "POST", body: JSON.stringify({ seconds: 0.4 }) })).body).toEqual({ ok: true, seconds: 0.4 });
    await waitFor(() => w.ended());
    await expect(fetch(`${down.url}/version`)).rejects.toThrow();
    await waitFor(async () => (await fetch(`${down.url}/version`).catch(() => null))?.status === 200, { timeoutMs: 5_000, what: "the cluster back" });
    expect((await call("/_sandbox/outage", { base: down.url, method: "POST", body: JSON.stringify({ seconds: 0 }) })).status).toBe(400);
  });

  it("requires the bearer token when configured", async () => {
    const secured = await start({ token: "s3cret", seed: false });
    expect((await call("/api/v1/namespaces", { base: secured.url })).body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
    expect((await call("/api/v1/namespaces", { base: secured.url, headers: { authorization: "Bearer s3cret" } })).status).toBe(200);
  });

  it("can run without the Gateway API group", async () => {
    const plain = await start({ gatewayApi: false, seed: false });
    expect((await call("/apis", { base: plain.url })).body.groups.map((g: { name: string }) => g.name)).toEqual(["networking.k8s.io", "discovery.k8s.io"]);
    expect((await call("/apis/gateway.networking.k8s.io/v1/httproutes", { base: plain.url })).body).toEqual(NOT_FOUND);
    expect((await call("/apis/gateway.networking.k8s.io/v1", { base: plain.url })).status).toBe(404);
  });
});
