// An API's contract over HTTP against a running `signpost start`: PUT and GET
// /api/v1/apis/{id}/spec (exact bytes, ETag, versions, breaking changes in api.spec.changed),
// the refusals (no credential, viewer, CSRF-less session, too big, invalid, not OpenAPI) that
// change nothing, the registration body's `spec`, catalog search over operations, the
// signpost.dev/openapi-url annotation fetched by the worker through the outbound guard, and the
// Backstage export accepted by Backstage's own catalog model.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ADMIN_TOKEN, startSignpostServer, type SignpostServer } from "../helpers/signpost-server";
import { waitFor } from "../helpers/wait-for";
import { validateBackstageYaml } from "../helpers/backstage-validate";
import { runSignpost } from "../helpers/signpost-process";

const run = promisify(execFile);
const MAX = 64 * 1024;
let server: SignpostServer;
let usermgr: string;
let editor: string;
let viewer: string;
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };

// A document server on loopback for the annotation (allowed by SIGNPOST_WEBHOOK_ALLOW below).
let docServer: http.Server;
let served = { body: "", etag: '"v1"' };
const conditional: string[] = [];

beforeAll(async () => {
  docServer = http.createServer((req, res) => {
    if (req.url === "/huge.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"openapi":"3.1.0","x":"${"a".repeat(MAX * 2)}"}`);
      return;
    }
    if (req.headers["if-none-match"]) conditional.push(String(req.headers["if-none-match"]));
    if (req.headers["if-none-match"] === served.etag) {
      res.writeHead(304, { etag: served.etag });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", etag: served.etag });
    res.end(served.body);
  });
  await new Promise<void>((r) => docServer.listen(0, "127.0.0.1", r));
  server = await startSignpostServer({ env: { SIGNPOST_SPEC_MAX_BYTES: String(MAX), SIGNPOST_WEBHOOK_ALLOW: "127.0.0.1", SIGNPOST_SPEC_REFRESH: "1s" } });
  usermgr = ((await (await fetch(`${server.url}/api/v1/resolve/usermgr`)).json()) as { id: string }).id;
  const token = async (role: string) =>
    ((await (await fetch(`${server.url}/api/v1/tokens`, { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: JSON.stringify({ name: `contract-${role}`, role }) })).json()) as { token: string }).token;
  editor = await token("editor");
  viewer = await token("viewer");
}, 180_000);
afterAll(async () => {
  await server?.dispose();
  await new Promise((r) => docServer?.close(r));
});

const doc = (ops: Record<string, unknown>, title = "Users") => ({ openapi: "3.1.0", info: { title, version: "1" }, paths: ops });
const V1 = doc({
  "/users": { get: { operationId: "listUsersZq", summary: "List every user", responses: { "200": { description: "ok" } } } },
  "/users/{id}": {
    get: { operationId: "getUserZq", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "ok" }, "404": { description: "none" } } },
  },
});
const V1_YAML = `# as written by hand\nopenapi: 3.1.0\ninfo:\n  title: Users\n  version: "1"\npaths:\n  /users:\n    get:\n      operationId: listUsersZq\n      summary: List every user\n      responses:\n        "200": {description: ok}\n  /users/{id}:\n    get:\n      operationId: getUserZq\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        "200": {description: ok}\n        "404": {description: none}\n`;

async function put(id: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${server.url}/api/v1/apis/${id}/spec`, { method: "PUT", headers, body });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; details?: { pointer?: string; problem?: string } }; version?: number; hash?: string; created?: boolean; breaking?: { rule: string; message: string }[] } };
}
const versions = async (id: string) =>
  ((await (await fetch(`${server.url}/api/v1/apis/${id}/spec/versions`)).json()) as { data: { version: number; hash: string; author: string; origin: string; breaking: { rule: string }[] }[]; fetchError: string | null; sourceUrl: string | null });
const yaml = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/yaml" });

describe("PUT and GET /api/v1/apis/{id}/spec", () => {
  it("has no contract at first: a JSON 404", async () => {
    const res = await fetch(`${server.url}/api/v1/apis/${usermgr}/spec`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("refuses writes without a credential, from a viewer, and from a session without its CSRF token; nothing is stored", async () => {
    expect((await put(usermgr, V1_YAML, { "content-type": "application/yaml" })).status).toBe(401);
    const asViewer = await put(usermgr, V1_YAML, yaml(viewer));
    expect([asViewer.status, asViewer.body.error?.code]).toEqual([403, "forbidden"]);
    const signIn = await fetch(`${server.url}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: editor }) });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    const noCsrf = await put(usermgr, V1_YAML, { cookie, "content-type": "application/yaml", origin: "http://evil.example" });
    expect(noCsrf.status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/apis/${usermgr}/spec`)).status).toBe(404);
  });

  it("stores exactly the bytes given, serves them with their format and ETag, and 304s a current copy", async () => {
    const saved = await put(usermgr, V1_YAML, yaml(editor));
    expect(saved).toEqual({ status: 201, body: { version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/), created: true, breaking: [] } });
    const res = await fetch(`${server.url}/api/v1/apis/${usermgr}/spec`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/yaml");
    expect(await res.text()).toBe(V1_YAML);
    const etag = res.headers.get("etag")!;
    expect(etag).toBe(`"${saved.body.hash}"`);
    expect((await fetch(`${server.url}/api/v1/apis/${usermgr}/spec`, { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("the same document again is no new version", async () => {
    expect(await put(usermgr, V1_YAML, yaml(editor))).toMatchObject({ status: 200, body: { version: 1, created: false } });
    expect((await versions(usermgr)).data).toHaveLength(1);
  });

  it("refuses bad documents with a clear 4xx and changes nothing", async () => {
    const invalid = structuredClone(V1) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    invalid.paths["/users"].get.responses["200"] = { descriptionx: "ok" };
    const bad = await put(usermgr, JSON.stringify(invalid), { ...yaml(editor), "content-type": "application/json" });
    expect([bad.status, bad.body.error?.code, bad.body.error?.details?.pointer]).toEqual([422, "validation_failed", "/paths/~1users/get/responses/200"]);
    const swagger = await put(usermgr, "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", yaml(editor));
    expect([swagger.status, swagger.body.error?.details?.problem, swagger.body.error?.message]).toEqual([422, "not_openapi", expect.stringContaining("Swagger 2.0")]);
    const random = await put(usermgr, "shopping:\n  - milk\n", yaml(editor));
    expect([random.status, random.body.error?.details?.problem]).toEqual([422, "not_openapi"]);
    expect((await put(usermgr, "openapi: [\n", yaml(editor))).status).toBe(400);
    expect((await put(usermgr, V1_YAML, { ...yaml(editor), "content-type": "text/plain" })).status).toBe(415);
    const huge = `${V1_YAML}# ${"x".repeat(MAX)}\n`;
    expect((await put(usermgr, huge, yaml(editor))).status).toBe(413);
    // Chunked (no Content-Length): refused while reading, past the limit.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/api/v1/apis/${usermgr}/spec`, { method: "PUT", headers: yaml(editor) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The server may answer and close before the whole body is sent: only an error before any answer fails.
      req.on("error", reject);
      for (let i = 0; i < 20; i++) req.write("x".repeat(8 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    const after = await fetch(`${server.url}/api/v1/apis/${usermgr}/spec`);
    expect(await after.text()).toBe(V1_YAML);
    expect((await versions(usermgr)).data).toHaveLength(1);
  });

  it("a new version lists its breaking changes, in the versions and in the api.spec.changed event", async () => {
    const v2 = doc({
      "/users/{userId}": {
        get: { operationId: "getUserZq", parameters: [{ name: "userId", in: "path", required: true, schema: { type: "string" } }, { name: "tenant", in: "query", required: true, schema: { type: "string" } }], responses: { "200": { description: "ok" } } },
      },
    });
    const saved = await put(usermgr, JSON.stringify(v2), { authorization: `Bearer ${editor}`, "content-type": "application/json" });
    expect(saved.status).toBe(201);
    expect(saved.body.breaking!.map((b) => b.message)).toEqual([
      "GET /users was removed",
      'GET /users/{id}: new required query parameter "tenant"',
      "GET /users/{id}: response 404 was removed",
    ]);
    const list = await versions(usermgr);
    expect(list.data.map((v) => [v.version, v.origin, v.author, v.breaking.length])).toEqual([
      [2, "rest", "token:contract-editor", 3],
      [1, "rest", "token:contract-editor", 0],
    ]);
    expect((await fetch(`${server.url}/api/v1/apis/${usermgr}/spec`)).headers.get("content-type")).toBe("application/json");
    expect(await (await fetch(`${server.url}/api/v1/apis/${usermgr}/spec?version=1`)).text()).toBe(V1_YAML);
    const events = (await (await fetch(`${server.url}/api/v1/events?type=api.spec.changed&api=${usermgr}`)).json()) as { data: { type: string; diff: { before: unknown; after: { version: number; breaking: unknown[] } } }[] };
    expect(events.data.map((e) => [e.type, e.diff.after.version, e.diff.after.breaking.length])).toEqual([
      ["api.spec.changed", 1, 0],
      ["api.spec.changed", 2, 3],
    ]);
  });

  it("catalog search matches operation ids and summaries", async () => {
    const names = async (q: string) => ((await (await fetch(`${server.url}/api/v1/apis?q=${encodeURIComponent(q)}`)).json()) as { data: { name: string }[] }).data.map((a) => a.name);
    await put(usermgr, V1_YAML, yaml(editor));
    expect(await names("listuserszq")).toEqual(["usermgr"]);
    expect(await names("list every user")).toEqual(["usermgr"]);
    expect(await names("nothing-has-this-zq")).toEqual([]);
  });
});

describe("the registration body's spec", () => {
  const reg = (name: string, spec: unknown) => ({ name, team: "contracts", upstream: { url: "http://orders.internal:8080" }, route: { paths: [`/${name}`] }, spec });

  it("is stored as the registered API's contract", async () => {
    const res = await fetch(`${server.url}/api/v1/apis`, { method: "POST", headers: { authorization: `Bearer ${editor}`, "content-type": "application/json" }, body: JSON.stringify(reg("with-contract", V1_YAML)) });
    expect(res.status).toBe(201);
    const api = (await res.json()) as { id: string };
    const spec = await fetch(`${server.url}/api/v1/apis/${api.id}/spec`);
    expect([spec.status, await spec.text()]).toEqual([200, V1_YAML]);
    expect((await versions(api.id)).data.map((v) => v.origin)).toEqual(["registration"]);
  });

  it("an invalid spec refuses the whole registration (nothing registered)", async () => {
    const res = await fetch(`${server.url}/api/v1/apis`, { method: "POST", headers: { authorization: `Bearer ${editor}`, "content-type": "application/json" }, body: JSON.stringify(reg("bad-contract", { swagger: "2.0" })) });
    const body = (await res.json()) as { error: { message: string; details: { field: string } } };
    expect([res.status, body.error.details.field]).toEqual([422, "body.spec"]);
    expect((await fetch(`${server.url}/api/v1/resolve/bad-contract`)).status).toBe(404);
    const services = ((await (await fetch(`${server.adminUrl}/services?size=1000`)).json()) as { data: { name: string }[] }).data;
    expect(services.map((s) => s.name).filter((n) => n.includes("bad-contract"))).toEqual([]);
  });
});

describe("signpost apply with spec: ./openapi.yaml", () => {
  it("reads the contract relative to the apply file, plans a changed one as an update, and stores it", async () => {
    const dir = fs.mkdtempSync(path.join(server.dataDir, "apply-"));
    fs.mkdirSync(path.join(dir, "contracts"));
    fs.writeFileSync(path.join(dir, "contracts", "openapi.yaml"), V1_YAML);
    const file = path.join(dir, "signpost.yaml");
    fs.writeFileSync(file, `apis:\n  - name: cli-contract\n    team: contracts\n    upstream: {url: "http://orders.internal:8080"}\n    route: {paths: [/cli-contract]}\n    spec: ./contracts/openapi.yaml\n`);
    const env = { SIGNPOST_URL: server.url, SIGNPOST_TOKEN: editor };
    const first = await runSignpost(["apply", "-f", file], env);
    expect(first.code, first.stderr).toBe(0);
    const id = ((await (await fetch(`${server.url}/api/v1/resolve/cli-contract`)).json()) as { id: string }).id;
    expect(await (await fetch(`${server.url}/api/v1/apis/${id}/spec`)).text()).toBe(V1_YAML);
    expect((await versions(id)).data.map((v) => v.origin)).toEqual(["cli"]);
    // Nothing changed: the dry run plans nothing (exit 0); a changed document is pending (exit 2).
    expect((await runSignpost(["apply", "-f", file, "--dry-run"], env)).code).toBe(0);
    fs.writeFileSync(path.join(dir, "contracts", "openapi.yaml"), V1_YAML.replace("List every user", "List all users"));
    const dry = await runSignpost(["apply", "-f", file, "--dry-run"], env);
    expect([dry.code, dry.stdout]).toEqual([2, expect.stringContaining("spec")]);
    expect((await runSignpost(["apply", "-f", file], env)).code).toBe(0);
    expect((await versions(id)).data.map((v) => v.version)).toEqual([2, 1]);
    // A missing contract file names the entry and the file.
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("./contracts/openapi.yaml", "./nope.yaml"));
    const missing = await runSignpost(["apply", "-f", file], env);
    expect([missing.code, missing.stderr]).toEqual([66, expect.stringMatching(/signpost\.yaml:\d+:\d+: apis\[0\]\.spec: cannot read \.\/nope\.yaml: no such file/)]);
  });
});

describe("signpost.dev/openapi-url", () => {
  const kubectl = (...args: string[]) => run("kubectl", ["--kubeconfig", server.kubeconfig, ...args], { env: { ...process.env, KUBECACHEDIR: path.join(server.dataDir, "kubecache") } });
  const applyService = async (name: string, url: string) => {
    const file = path.join(server.dataDir, `${name}.yaml`);
    fs.writeFileSync(file, `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: contracts\n  annotations:\n    signpost.dev/openapi-url: "${url}"\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n`);
    await kubectl("apply", "-f", file);
    return waitFor(
      async () => ((await (await fetch(`${server.url}/api/v1/apis?q=${name}`)).json()) as { data: { id: string; name: string }[] }).data.find((a) => a.name === name)?.id,
      (id) => Boolean(id),
      { timeoutMs: 30_000, what: `${name} in the catalog` },
    ) as Promise<string>;
  };

  it("is fetched by the worker, refetched with If-None-Match, and a changed document is a new version", async () => {
    served = { body: JSON.stringify(V1), etag: '"v1"' };
    const port = (docServer.address() as AddressInfo).port;
    await kubectl("create", "namespace", "contracts");
    const id = await applyService("inventory", `http://127.0.0.1:${port}/openapi.json`);
    const first = await waitFor(() => versions(id), (v) => v.data.length === 1, { timeoutMs: 30_000, what: "the fetched contract" });
    expect(first.data[0]).toMatchObject({ version: 1, origin: "annotation" });
    expect(first.sourceUrl).toBe(`http://127.0.0.1:${port}/openapi.json`);
    expect(await (await fetch(`${server.url}/api/v1/apis/${id}/spec`)).text()).toBe(JSON.stringify(V1));
    await waitFor(() => conditional.length, (n) => n > 0, { timeoutMs: 30_000, what: "a refetch with If-None-Match" });
    expect(conditional[0]).toBe('"v1"');
    served = { body: JSON.stringify(doc({ "/stock": { get: { responses: { "200": { description: "ok" } } } } })), etag: '"v2"' };
    const second = await waitFor(() => versions(id), (v) => v.data.length === 2, { timeoutMs: 30_000, what: "the changed contract" });
    expect(second.data[0].breaking.map((b) => b.rule)).toEqual(["operation-removed", "operation-removed"]);
  });

  it("refuses addresses the outbound guard blocks, and documents past the size limit, recording why", async () => {
    const meta = await applyService("meta", "http://169.254.169.254/latest/openapi.json");
    const blocked = await waitFor(() => versions(meta), (v) => Boolean(v.fetchError), { timeoutMs: 30_000, what: "the refused fetch" });
    expect([blocked.data, blocked.fetchError]).toEqual([[], expect.stringContaining("169.254.169.254")]);
    const port = (docServer.address() as AddressInfo).port;
    const huge = await applyService("huge", `http://127.0.0.1:${port}/huge.json`);
    const tooBig = await waitFor(() => versions(huge), (v) => Boolean(v.fetchError), { timeoutMs: 30_000, what: "the refused document" });
    expect([tooBig.data, tooBig.fetchError]).toEqual([[], expect.stringContaining(`larger than ${MAX} bytes`)]);
  });
});

describe("GET /api/v1/export/backstage", () => {
  it("is accepted by Backstage's catalog model with zero rejections: Groups, APIs with their contracts, Components", async () => {
    const res = await fetch(`${server.url}/api/v1/export/backstage`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    const { entities, rejections } = await validateBackstageYaml(await res.text());
    expect(rejections).toEqual([]);
    const kinds = entities.map((e) => `${e.kind}:${e.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(["API:usermgr", "API:ordermgr", "API:with-contract", "Component:usermgr", "Group:contracts"]));
    const api = entities.find((e) => e.kind === "API" && e.metadata.name === "usermgr")!;
    expect(api.spec).toMatchObject({ type: "openapi", lifecycle: "production", definition: V1_YAML });
    expect(api.metadata.annotations).toMatchObject({ "signpost.dev/url": `${server.url}/apis/${usermgr}`, "backstage.io/kubernetes-id": "usermgr", "signpost.dev/proxy-url": expect.any(String) });
    const component = entities.find((e) => e.kind === "Component" && e.metadata.name === "usermgr")!;
    expect((component.spec as { providesApis: string[] }).providesApis).toContain("api:default/usermgr");
  });
});
