// The `signpost` client commands against one real `signpost start` (embedded database, sandbox
// cluster and gateway): apply (plan, dry run, prune within the selection), resolve in every
// format and from the cache, watch following a kubectl change, status, and the exit code and
// single stderr line of each failure. The server is stopped for the last block.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignpostClient } from "../../lib/client";
import { waitFor } from "../helpers/wait-for";
import { ADMIN_TOKEN, freePort, oneLine, startCliServer, type CliServer } from "./helpers/cli-server";

const root = path.resolve(import.meta.dirname, "..", "..");
const EXAMPLE = path.join(root, "examples", "signpost.yaml");

let server: CliServer;
let dir: string;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  server = await startCliServer();
  dir = path.join(server.dataDir, "cli");
  fs.mkdirSync(dir);
}, 150_000);

afterAll(async () => {
  await server?.dispose();
});

const registrations = async () => (await createSignpostClient({ baseUrl: server.url }).listRegistrations()).data.map((r) => `${r.name}:${r.origin}`).sort();

describe("signpost apply", () => {
  beforeAll(async () => {
    // Made elsewhere: one of another team, one of this team but another microservice, one to prune.
    const client = createSignpostClient({ baseUrl: server.url, token: ADMIN_TOKEN });
    const reg = (name: string, team: string, microservice: string) =>
      client.putRegistration({ params: { gateway: "sandbox", name }, body: { name, team, microservice, upstream: { url: `http://${name}.internal:8080` }, route: { paths: [`/${name}`] } } });
    await reg("payments-api", "payments", "paymentsvc");
    await reg("users-legacy", "shop", "usermgr");
    await reg("orders-old", "shop", "ordermgr");
  });

  it("--dry-run prints the plan, changes nothing and exits 2", async () => {
    const r = await server.run(["apply", "-f", EXAMPLE, "--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("+ create orders-v2 (sandbox) GET,POST /v2/orders -> ordermgr.shop:80\n");
    expect(r.stdout).toContain("+ create orders-admin (sandbox) admin.shop.example/admin/orders -> http://ordermgr-admin.shop.svc.cluster.local:8080\n");
    expect(oneLine(r)).toBe("signpost: dry run: 2 changes pending, nothing was changed");
    expect(await registrations()).toEqual(["orders-old:rest", "payments-api:rest", "users-legacy:rest"]);
    expect((await fetch(`${server.adminUrl}/services/orders-v2`)).status).toBe(404);
  });

  it("creates the Kong service and route on the sandbox gateway, then a second run is a no-op", async () => {
    const first = await server.run(["apply", "-f", EXAMPLE]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("created orders-v2 (sandbox): http://localhost:8000/v2/orders\n");
    expect(first.stdout).toContain("Applied: 2 created, 0 updated, 0 deleted.");
    const service = (await (await fetch(`${server.adminUrl}/services/orders-v2`)).json()) as { host: string; port: number };
    expect(service).toMatchObject({ host: "ordermgr.shop.svc.cluster.local", port: 80 });
    const route = (await (await fetch(`${server.adminUrl}/routes/orders-v2`)).json()) as { paths: string[]; methods: string[] };
    expect(route).toMatchObject({ paths: ["/v2/orders"], methods: ["GET", "POST"] });
    expect(await registrations()).toEqual(["orders-admin:cli", "orders-old:rest", "orders-v2:cli", "payments-api:rest", "users-legacy:rest"]);

    const second = await server.run(["apply", "-f", EXAMPLE]);
    expect({ code: second.code, stdout: second.stdout, stderr: second.stderr }).toEqual({ code: 0, stdout: "No changes.\n", stderr: "" });
    const dry = await server.run(["apply", "-f", EXAMPLE, "--dry-run"]);
    expect({ code: dry.code, stdout: dry.stdout }).toEqual({ code: 0, stdout: "No changes.\n" });
  });

  it("--output yaml prints the manifests of the file's entries and registers nothing", async () => {
    const f = file("gitops.yaml", [
      "apis:",
      "  - name: users-gitops",
      "    team: shop",
      "    upstream: {service: {cluster: sandbox, namespace: shop, name: usermgr, port: 80}}",
      "    route: {paths: [/gitops/users], methods: [GET]}",
      "",
    ].join("\n"));
    const before = await registrations();
    const r = await server.run(["apply", "-f", f, "--output", "yaml"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("kind: Ingress\n");
    expect(r.stdout).toContain("name: users-gitops\n");
    expect(r.stdout).toContain("konghq.com/methods: GET\n");
    expect(await registrations()).toEqual(before);
    const bad = file("gitops-url.yaml", "apis:\n  - name: by-url\n    upstream: {url: http://x.internal:8080}\n    route: {paths: [/x]}\n");
    const refused = await server.run(["apply", "-f", bad, "-o", "yaml"]);
    expect(refused.code).toBe(65);
    expect(oneLine(refused)).toMatch(/^signpost: .*gitops-url\.yaml:2:5: .*upstream: registration through a cluster routes to a Kubernetes Service/);
  });

  it("--prune deletes only what Signpost made within the selection", async () => {
    const onlyV2 = file("orders.yaml", fs.readFileSync(EXAMPLE, "utf8").split("\n  - name: orders-admin")[0] + "\n");
    const r = await server.run(["apply", "-f", onlyV2, "--prune", "--select", "team=shop", "--select", "microservice=ordermgr"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("- delete orders-admin (sandbox)\n");
    expect(r.stdout).toContain("- delete orders-old (sandbox)\n");
    // Another team's, and this team's outside the selection, survive.
    expect(await registrations()).toEqual(["orders-v2:cli", "payments-api:rest", "users-legacy:rest"]);
    expect((await fetch(`${server.adminUrl}/routes/orders-admin`)).status).toBe(404);
  });
});

describe("signpost resolve", () => {
  it("prints the proxy URL, the JSON entry, or an environment assignment", async () => {
    const [url, env, json] = await Promise.all([
      server.run(["resolve", "orders-v2"]),
      server.run(["resolve", "orders-v2", "--format", "env"]),
      server.run(["resolve", "orders-v2", "--format", "json"]),
    ]);
    expect({ code: url.code, stdout: url.stdout }).toEqual({ code: 0, stdout: "http://localhost:8000/v2/orders\n" });
    expect({ code: env.code, stdout: env.stdout }).toEqual({ code: 0, stdout: "ORDERS_V2_URL='http://localhost:8000/v2/orders'\n" });
    expect(JSON.parse(json.stdout)).toMatchObject({ name: "orders-v2", url: "http://localhost:8000/v2/orders", team: "shop", stale: false, exposures: [{ mode: "Gateway" }] });
  });

  it("fills a cache file in the documented format", async () => {
    const cache = path.join(dir, "cache.json");
    const r = await server.run(["resolve", "usermgr", "--cache", cache]);
    expect(r.code).toBe(0);
    const content = JSON.parse(fs.readFileSync(cache, "utf8"));
    expect(content).toMatchObject({ version: 1, apis: { usermgr: { url: r.stdout.trim(), etag: expect.any(String), index: expect.any(String), resolvedAt: expect.any(String) } } });
  });
});

describe("signpost watch", () => {
  it("rewrites the cache within 2 s of a kubectl change to the API's address", async () => {
    const cache = path.join(dir, "watched.json");
    const watch = server.spawn(["watch", "--cache", cache, "usermgr"]);
    try {
      await waitFor(() => watch.output(), (o) => o.includes("watching usermgr (connected"), { timeoutMs: 15_000, what: "watch to connect" });
      await waitFor(() => fs.existsSync(cache), Boolean, { what: "the first cache write" });
      const before = JSON.parse(fs.readFileSync(cache, "utf8")).apis.usermgr;
      expect(JSON.stringify(before.exposures)).not.toContain(":30099");

      await promisify(execFile)("kubectl", ["--kubeconfig", server.kubeconfig, "patch", "service", "usermgr-nodeport", "-n", "shop", "-p", '{"spec":{"ports":[{"port":80,"nodePort":30099}]}}'], {
        env: { ...process.env, KUBECACHEDIR: path.join(server.dataDir, "kubecache") },
      });
      const changed = performance.now();
      const after = await waitFor(() => JSON.parse(fs.readFileSync(cache, "utf8")).apis.usermgr, (e) => JSON.stringify(e.exposures).includes(":30099"), { timeoutMs: 20_000, what: "the cache to show NodePort 30099" });
      console.log(`watch: cache rewritten ${Math.round(performance.now() - changed)} ms after kubectl returned`);
      expect(after.etag).not.toBe(before.etag);
      // One line for the first resolve, one for the change.
      await waitFor(() => watch.output().match(/^usermgr: \S+ \(etag .*\)$/gm) ?? [], (lines) => lines.length === 2, { what: "two update lines" });
    } finally {
      await watch.stop();
    }
  });
});

describe("signpost status and failures", () => {
  it("status shows every source and exits 0 when all are live", async () => {
    const r = await server.run(["status"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND +NAME +STATE +LAST FULL SYNC +LAST EVENT +OBJECTS +LAST ERROR\n/);
    expect(r.stdout).toMatch(/\ncluster +sandbox +live +\d+ (s|min) ago/);
    expect(r.stdout).toMatch(/\ngateway +sandbox +live +\d+ (s|min) ago/);
  });

  it("a malformed file: 65 and the line and column", async () => {
    const bad = file("bad.yaml", "apis:\n  - name: orders-v3\n    upstream: { url: 'http://x:1' }\n    route:\n      paths: [v3/orders]\n");
    const r = await server.run(["apply", "-f", bad]);
    expect(r.code).toBe(65);
    expect(oneLine(r)).toBe(`${bad}:5:15: apis[0].route.paths[0]: should start with: / (fixed path) or ~/ (regex path)`);
  });

  it("an unknown API: 66; a bad token: 77; a usage error: 64", async () => {
    const [unknown, token, usage] = await Promise.all([
      server.run(["resolve", "no-such-api"]),
      server.run(["apply", "-f", EXAMPLE, "--token", "sp_tok_wrong"]),
      server.run(["resolve"]),
    ]);
    expect([unknown.code, oneLine(unknown)]).toEqual([66, 'signpost: no API named "no-such-api"']);
    expect([token.code, oneLine(token)]).toEqual([77, "signpost: the server refused the token: the token is invalid, expired or revoked (SIGNPOST_TOKEN or --token)"]);
    expect(usage.code).toBe(64);
    expect(oneLine(usage)).toMatch(/^signpost: resolve: name one API/);
  });
});

describe("with the server stopped", () => {
  beforeAll(async () => {
    await server.stop();
  }, 30_000);

  it("resolve --cache answers from the cache with a warning and exits 0", async () => {
    const cache = path.join(dir, "cache.json");
    const cached = JSON.parse(fs.readFileSync(cache, "utf8")).apis.usermgr;
    const r = await server.run(["resolve", "usermgr", "--cache", cache]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${cached.url}\n`);
    expect(oneLine(r)).toBe(`signpost: warning: usermgr from cache (resolved ${cached.resolvedAt}); the server is unreachable, the entry may be stale`);
  });

  it("without a cache an unreachable server is 69", async () => {
    const r = await server.run(["resolve", "usermgr"]);
    expect(r.code).toBe(69);
    expect(oneLine(r)).toMatch(/^signpost: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); is Signpost running there\?/);
    const elsewhere = await server.run(["status", "--url", `http://127.0.0.1:${await freePort()}`]);
    expect(elsewhere.code).toBe(69);
  });
});
