// decK against the sandbox gateway in its database mode: `deck gateway sync` of a platform
// team's file, then `deck gateway dump` gives the same content back, and `deck gateway diff`
// finds nothing to change (also after syncing the dump itself).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { buildKongTools } from "./helpers/build-kong-tools";
import { deck, platformFile, selfSignedCertificate, summary } from "./helpers/deck";

type Doc = Record<string, unknown> & { services?: Record<string, unknown>[] };

describe("decK sync, dump and diff against the sandbox gateway", () => {
  let gateway: SandboxGateway;
  let dir: string;
  let file: Doc;

  beforeAll(async () => {
    buildKongTools();
    gateway = await startSandboxGateway({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-deck-"));
    file = platformFile(selfSignedCertificate("api.platform.example")) as Doc;
    fs.writeFileSync(path.join(dir, "kong.yaml"), YAML.stringify(file));
  }, 40 * 60_000);

  afterAll(async () => {
    await gateway?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("syncs every entity of the file into an empty gateway", async () => {
    const r = await deck(gateway.url, ["gateway", "sync", "kong.yaml"], dir);
    expect(r.code, r.out).toBe(0);
    // service, route, 2 plugins, consumer, key-auth, upstream, 2 targets, certificate, SNI
    expect(summary(r.out)).toEqual({ created: 11, updated: 0, deleted: 0 });
    const names = async (p: string) => ((await (await fetch(`${gateway.url}${p}`)).json()) as { data: Record<string, unknown>[] }).data;
    expect((await names("/consumers/alice/key-auth")).map((k) => k.key)).toEqual(["alice-secret-key"]);
    expect((await names("/certificates"))[0].snis).toEqual(["api.platform.example"]);
    expect((await names("/upstreams/billing.internal/targets")).map((t) => t.target).sort()).toEqual(["10.0.0.12:8080", "10.0.0.13:8080"]);
  });

  it("dumps the same content back", async () => {
    const r = await deck(gateway.url, ["gateway", "dump", "-o", "dump.yaml", "--yes"], dir);
    expect(r.code, r.out).toBe(0);
    const dump = YAML.parse(fs.readFileSync(path.join(dir, "dump.yaml"), "utf8")) as Doc;
    const [svc] = file.services as Record<string, unknown>[];
    const { url: _url, routes, plugins, ...svcFields } = svc;
    // the url shorthand comes back as its parts
    expect(dump.services).toMatchObject([{ ...svcFields, protocol: "http", host: "billing.internal", port: 8080, path: "/v1", routes, plugins }]);
    expect(dump.consumers).toMatchObject(file.consumers as object);
    expect(dump.upstreams).toMatchObject(file.upstreams as object);
    expect(dump.certificates).toMatchObject(file.certificates as object);
    expect(Object.keys(dump).sort()).toEqual(["_format_version", "certificates", "consumers", "services", "upstreams"]);
  });

  it("diffs to nothing, for the file and for the dump", async () => {
    for (const f of ["kong.yaml", "dump.yaml"]) {
      const r = await deck(gateway.url, ["gateway", "diff", f, "--non-zero-exit-code"], dir);
      expect(r.code, r.out).toBe(0);
      expect(summary(r.out)).toEqual({ created: 0, updated: 0, deleted: 0 });
    }
  });

  it("a change in the file is one update, and syncing it back is another", async () => {
    const changed = structuredClone(file);
    (changed.services![0].routes as Record<string, unknown>[])[0].paths = ["/billing", "/invoices"];
    fs.writeFileSync(path.join(dir, "changed.yaml"), YAML.stringify(changed));
    const diff = await deck(gateway.url, ["gateway", "diff", "changed.yaml", "--non-zero-exit-code"], dir);
    expect(diff.code, diff.out).toBe(2);
    expect(summary(diff.out)).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(summary((await deck(gateway.url, ["gateway", "sync", "changed.yaml"], dir)).out)).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(summary((await deck(gateway.url, ["gateway", "sync", "kong.yaml"], dir)).out)).toEqual({ created: 0, updated: 1, deleted: 0 });
  });
});
