// A platform team manages the gateway with decK (select tag "platform-team"); Signpost syncs the
// same gateway and registers its own APIs (tag signpost-managed). Signpost shows what decK
// manages and never writes to it; decK, re-run with the same file, leaves Signpost's entities
// alone; neither undoes the other.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { registerApi } from "../../lib/registry/register-api";
import { findApis } from "../../lib/catalog/find-apis";
import { ZApiListQuery } from "../../lib/api/schemas/api";
import { freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";
import { buildKongTools } from "./helpers/build-kong-tools";
import { deck, platformFile, selfSignedCertificate, summary } from "./helpers/deck";

type Row = Record<string, unknown> & { id: string; tags: string[] | null };
const KINDS = ["services", "routes", "plugins", "consumers", "upstreams", "certificates", "snis"];

describe("decK and Signpost on one gateway", () => {
  let gateway: SandboxGateway;
  let db: TestDb;
  let worker: Worker;
  let dir: string;
  const gw = () => ({ name: "platform", adminUrl: gateway.url, proxyUrl: "http://localhost:8000" });
  const rows = async (kind: string) => ((await (await fetch(`${gateway.url}/${kind}?size=1000`)).json()) as { data: Row[] }).data;
  /** Every entity decK owns, by id, with all its fields. */
  const deckEntities = async () => {
    const out: Record<string, Row> = {};
    for (const kind of KINDS) for (const r of await rows(kind)) if (r.tags?.includes("platform-team")) out[`${kind}/${r.id}`] = r;
    return out;
  };
  const apis = async () => (await findApis(db.pool, ZApiListQuery.parse({}))).data;

  beforeAll(async () => {
    buildKongTools();
    gateway = await startSandboxGateway({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-deck-sp-"));
    fs.writeFileSync(path.join(dir, "kong.yaml"), YAML.stringify(platformFile(selfSignedCertificate("api.platform.example"), ["platform-team"])));
    const synced = await deck(gateway.url, ["gateway", "sync", "kong.yaml"], dir);
    if (synced.code !== 0) throw new Error(synced.out);
    db = await freshDb("pglite");
    const config = loadConfig({});
    worker = startWorker({
      db, clusters: [],
      gateways: gatewaySyncs(config, [gw()], 100),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 },
      statusIntervalMs: 50,
    });
    await worker.waitSynced(20_000);
  }, 40 * 60_000);

  afterAll(async () => {
    await worker?.stop();
    await gateway?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("decK tagged everything it created with its select tag", async () => {
    const owned = await deckEntities();
    expect(Object.keys(owned).map((k) => k.split("/")[0]).sort()).toEqual(
      ["certificates", "consumers", "plugins", "plugins", "routes", "services", "snis", "upstreams"],
    );
  });

  it("Signpost shows the route decK manages as an API with its gateway address", async () => {
    await waitFor(apis, (list) => list.some((a) => a.proxyUrl === "http://api.platform.example/billing"), { timeoutMs: 10_000 });
    const api = (await apis()).find((a) => a.proxyUrl === "http://api.platform.example/billing")!;
    expect(api.gateways).toEqual(["platform"]);
    expect(api.exposureMode).toBe("Gateway");
  });

  it("Signpost registers beside decK's entities and changes none of them", async () => {
    const before = await deckEntities();
    gateway.faults.resetRequests();
    const res = await registerApi(
      { name: "orders-v2", microservice: "ordermgr", team: "commerce", gateway: "platform",
        upstream: { url: "http://orders.internal:8080" }, route: { paths: ["/v2/orders"], hosts: ["api.platform.example"], stripPath: false } } as never,
      { db, gateways: [gw()], clusterDomain: "cluster.local", actor: "test", origin: "rest" },
    );
    expect(res.status).toBe(201);
    // every write Signpost sent names its own entity, never one of decK's
    const writes = gateway.faults.requests.filter((r) => r.method !== "GET");
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) for (const key of Object.keys(before)) expect(w.path).not.toContain(key.split("/")[1]);
    await worker.writer.flush();
    expect(await deckEntities()).toEqual(before);
    const services = await rows("services");
    expect(services.map((s) => [s.name, s.tags?.includes("signpost-managed") ?? false]).sort()).toEqual([["billing", false], ["orders-v2", true]]);
  });

  it("decK, re-run with the same file, finds nothing to do and leaves Signpost's registration alone", async () => {
    const before = await deckEntities();
    const diff = await deck(gateway.url, ["gateway", "diff", "kong.yaml", "--non-zero-exit-code"], dir);
    expect(diff.code, diff.out).toBe(0);
    const sync = await deck(gateway.url, ["gateway", "sync", "kong.yaml"], dir);
    expect(sync.code, sync.out).toBe(0);
    expect(summary(sync.out)).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(await deckEntities()).toEqual(before);
    expect((await rows("routes")).map((r) => r.name).sort()).toEqual(["billing-v1", "orders-v2"]);
    // and Signpost's next polls keep both APIs
    const polls = gateway.faults.requests.filter((r) => r.path.startsWith("/routes")).length;
    await gateway.faults.waitForRequests(polls + 2, { pathPrefix: "/routes" });
    await worker.writer.flush();
    const names = (await apis()).map((a) => a.proxyUrl).sort();
    expect(names).toEqual(["http://api.platform.example/billing", "http://api.platform.example/v2/orders"]);
  });

  it("a decK file without Signpost's entities, synced without select tags, would delete them: the select tag is what keeps them apart", async () => {
    fs.writeFileSync(path.join(dir, "untagged.yaml"), YAML.stringify(platformFile(selfSignedCertificate("api.platform.example"))));
    const diff = await deck(gateway.url, ["gateway", "diff", "untagged.yaml"], dir);
    expect(diff.code, diff.out).toBe(0);
    expect(diff.out).toContain("deleting service orders-v2");
    expect(diff.out).toContain("deleting route orders-v2");
  });
});
