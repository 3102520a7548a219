// `signpost start --single-process` (SIGNPOST_SINGLE_PROCESS=true): the web app is served from
// the worker's own Node.js process, no child process, and the catalog works end to end through it.
// It runs the compiled JavaScript (dist/, NODE_ENV=production), so there is no child at all: from
// source, tsx's esbuild service would be one.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSignpostServer, type SignpostServer } from "../helpers/signpost-server";
import { ensureCompiled } from "../helpers/compiled";
import { childPids as children } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";

describe("signpost start, single process", { timeout: 180_000 }, () => {
  let server: SignpostServer;
  beforeAll(async () => {
    ensureCompiled();
    server = await startSignpostServer({ env: { SIGNPOST_SINGLE_PROCESS: "true", NODE_ENV: "production" } });
  }, 180_000);
  afterAll(async () => server?.dispose());

  it("serves pages, REST and resolve from the one process that also syncs", async () => {
    const cmdlines = children(server.pid).map((c) => fs.readFileSync(`/proc/${c}/cmdline`, "utf8").replace(/\0/g, " "));
    expect(cmdlines).toEqual([]);
    const resolved = await fetch(`${server.url}/api/v1/resolve/usermgr`);
    expect(resolved.status).toBe(200);
    expect(((await resolved.json()) as { name: string }).name).toBe("usermgr");
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("nonce-");
    const list = (await (await fetch(`${server.url}/api/v1/apis?limit=50`)).json()) as { data: { name: string }[] };
    expect(list.data.map((a) => a.name)).toContain("ordermgr");
  });

  it("refuses a write without a credential, as the two-process server does", async () => {
    const res = await fetch(`${server.url}/api/v1/apis`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(401);
  });

  it("counts its requests toward the worker's heap bursts: V8's growth through a burst of reads, one compacting collection once it is over", async () => {
    const metrics = async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
      return { collections: value("signpost_heap_burst_collections_total"), inBurst: value("signpost_heap_in_burst") };
    };
    // the first sync's burst (the seeded example) is over first
    const before = await waitFor(metrics, (m) => m.inBurst === 0, { intervalMs: 2500, timeoutMs: 60_000, what: "the first sync's burst over" });
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 30; i++) expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    }));
    expect(await metrics()).toMatchObject({ collections: before.collections, inBurst: 1 });
    const after = await waitFor(metrics, (m) => m.collections === before.collections + 1, { intervalMs: 2500, timeoutMs: 30_000, what: "a collection after the burst of reads" });
    expect(after.inBurst).toBe(0);
  });
});

