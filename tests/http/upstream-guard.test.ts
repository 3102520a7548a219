// The upstream guard over HTTP against a running `signpost start`: REST registration, the
// registration preview (what the Register page shows), `signpost apply`, and Service annotations
// refuse loopback, unspecified, link-local and metadata upstreams and the gateway's own Admin
// API (422 naming the field); private addresses and cluster names stay allowed; the deny and
// allow settings tighten and open.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ADMIN_TOKEN, startSignpostServer, type SignpostServer } from "../helpers/signpost-server";
import { runSignpost } from "../helpers/signpost-process";
import { waitFor } from "../helpers/wait-for";

const run = promisify(execFile);
let server: SignpostServer;
const auth = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}`, "content-type": "application/json" };

beforeAll(async () => {
  server = await startSignpostServer({
    env: { SIGNPOST_UPSTREAM_DENY: "*.forbidden.example, 10.66.0.0/16", SIGNPOST_UPSTREAM_ALLOW: "127.0.0.5" },
  });
}, 150_000);
afterAll(async () => server?.dispose());

const body = (name: string, url: string) => ({ name, upstream: { url }, route: { paths: [`/${name}`] } });

async function register(name: string, url: string): Promise<{ status: number; body: { error?: { code: string; message: string; details?: { issues: { field: string; message: string }[] } } } }> {
  const res = await fetch(`${server.url}/api/v1/apis`, { method: "POST", headers: auth, body: JSON.stringify(body(name, url)) });
  return { status: res.status, body: await res.json() };
}

const kongServices = async () =>
  ((await (await fetch(`${server.adminUrl}/services?size=1000`)).json()) as { data: { name: string; host: string }[] }).data;

describe("POST /api/v1/apis refuses upstreams a gateway must never be pointed at", () => {
  it.each([
    ["http://[::1]:8001", "a loopback address"],
    ["http://0.0.0.0:8001", "unspecified"],
    ["http://169.254.169.254/latest/meta-data", "the cloud metadata address"],
    ["http://[::ffff:169.254.169.254]/", "the cloud metadata address"],
    ["http://localhost:5432", "localhost is a loopback or cloud metadata host name"],
    ["http://metadata.google.internal/computeMetadata/v1", "a loopback or cloud metadata host name"],
    ["http://[fe80::1]:80", "a link-local address"],
    ["http://127.0.0.2:8001", "a loopback address"],
  ])("%s: 422 naming body.upstream.url (%s)", async (url, why) => {
    const r = await register(`guard-${Math.random().toString(36).slice(2, 8)}`, url);
    expect(r.status).toBe(422);
    expect(r.body.error!.code).toBe("validation_failed");
    expect(r.body.error!.details!.issues).toEqual([{ field: "body.upstream.url", message: expect.stringContaining(why) }]);
    expect(r.body.error!.message).toMatch(/^upstream\.url: /);
  });

  it("refuses the sandbox gateway's own Admin API, naming it", async () => {
    const admin = new URL(server.adminUrl);
    for (const url of [`http://127.0.0.1:${admin.port}/`, `http://localhost:${admin.port}/services`, `http://[::1]:${admin.port}`]) {
      const r = await register("guard-admin", url);
      expect([r.status, r.body.error!.details!.issues[0].message], url).toEqual([422, expect.stringContaining('is the Admin API of gateway "sandbox"; it can never be an upstream')]);
    }
    expect((await kongServices()).map((s) => s.name)).not.toContain("guard-admin");
  });

  it("the deny list refuses by wildcard and by range; the allow list opens what it lists", async () => {
    expect((await register("guard-deny-host", "http://api.forbidden.example:8080")).body.error!.message).toBe(
      "upstream.url: api.forbidden.example is refused by SIGNPOST_UPSTREAM_DENY",
    );
    expect((await register("guard-deny-ip", "http://10.66.1.2:8080")).status).toBe(422);
    expect((await register("guard-allowed-loopback", "http://127.0.0.5:9")).status).toBe(201);
    expect((await register("guard-other-loopback", "http://127.0.0.1:9")).status).toBe(422);
  });

  it("accepts private addresses and names that only the gateway's network resolves", async () => {
    for (const [name, url] of [["guard-private", "http://10.0.3.4:8080"], ["guard-cluster", "http://orders.shop.svc.cluster.local:8080"], ["guard-v6", "http://[fd12::7]:80"]]) {
      const r = await register(name, url);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(201);
    }
    const hosts = (await kongServices()).filter((s) => s.name.startsWith("guard-")).map((s) => s.host);
    expect(hosts).toEqual(expect.arrayContaining(["10.0.3.4", "127.0.0.5", "orders.shop.svc.cluster.local"]));
    expect(hosts).toHaveLength(4);
  });

  it("the registration preview (what the Register page shows as you type) names the same problem", async () => {
    const res = await fetch(`${server.url}/api/v1/registrations/preview`, { method: "POST", headers: auth, body: JSON.stringify(body("guard-preview", "http://169.254.169.254/")) });
    const preview = (await res.json()) as { valid: boolean; issues: { field: string; message: string }[] };
    expect(res.status).toBe(200);
    expect(preview.valid).toBe(false);
    expect(preview.issues).toEqual([{ field: "body.upstream.url", message: expect.stringContaining("the cloud metadata address") }]);
  });
});

describe("signpost apply", () => {
  it("exits 65 with the server's reason for a loopback upstream, and registers nothing", async () => {
    const file = path.join(server.dataDir, "apply.yaml");
    fs.writeFileSync(file, "apis:\n  - name: guard-cli\n    upstream: { url: 'http://[::1]:8001' }\n    route: { paths: [/guard-cli] }\n");
    const r = await runSignpost(["apply", "-f", file], { SIGNPOST_URL: server.url, SIGNPOST_TOKEN: SERVER_ADMIN_TOKEN });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("::1 is a loopback address");
    expect((await kongServices()).map((s) => s.name)).not.toContain("guard-cli");
  });
});

describe("Service annotations", () => {
  it("an annotated ExternalName Service pointing at the metadata service is not registered, and the sources say why", async () => {
    const manifest = path.join(server.dataDir, "meta-svc.yaml");
    fs.writeFileSync(
      manifest,
      [
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        "  name: meta",
        "  namespace: shop",
        "  annotations: {signpost.dev/gateway: sandbox, signpost.dev/paths: /meta}",
        "spec:",
        "  type: ExternalName",
        "  externalName: metadata.google.internal",
        "  ports: [{port: 80}]",
        "",
      ].join("\n"),
    );
    await run("kubectl", ["--kubeconfig", server.kubeconfig, "apply", "-f", manifest], { env: { ...process.env, KUBECACHEDIR: path.join(server.dataDir, "kubecache") } });
    const errors = await waitFor(
      async () => {
        const sources = (await (await fetch(`${server.url}/api/v1/sources`, { headers: auth })).json()) as { data: { kind: string; info?: { annotationErrors?: string[] } }[] };
        return sources.data.find((s) => s.kind === "cluster")?.info?.annotationErrors ?? [];
      },
      (e) => e.length > 0,
      { timeoutMs: 20_000, what: "the annotation error in /api/v1/sources" },
    );
    expect(errors).toEqual([expect.stringMatching(/^Service sandbox\/shop\/meta: metadata\.google\.internal is a loopback or cloud metadata host name/)]);
    expect((await kongServices()).some((s) => s.name.includes("meta"))).toBe(false);
  });
});
