// The contract test: walks the OpenAPI document and calls every operation through its real
// route handler (sandbox cluster and gateway, a real database), with valid and invalid inputs.
// Each answer's status must be documented for the operation, and its body must validate against
// the documented schema. Every route file must be documented, and every documented operation
// must exist.
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApi } from "../../lib/api/openapi/build-openapi";
import { OPERATIONS } from "../../lib/api/openapi/operations";
import { startSignpostStack, type Stack } from "../helpers/stack";
import { ADMIN } from "../helpers/stack";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Call = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; token?: string | null; headers?: Record<string, string> };

const doc = buildOpenApi() as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "signpost", components: doc.components }, "signpost");

function validate(schema: Json, body: unknown): string | null {
  const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"signpost#/components/'));
  const ok = ajv.validate(rewritten, body);
  return ok ? null : ajv.errorsText(ajv.errors);
}

let stack: Stack;
const state: Record<string, string> = {};

async function call(method: string, p: string, c: Call = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const file = path.resolve(import.meta.dirname, "../../app", `.${p.replace(/\{(\w+)\}/g, "[$1]")}`, "route.ts");
  const mod = (await import(file)) as Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;
  const handler = mod[method.toUpperCase()];
  if (!handler) throw new Error(`${method.toUpperCase()} ${p} is documented but ${file} does not export it`);
  const concrete = p.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(c.params?.[k] ?? ""));
  const url = new URL(`http://signpost.test${concrete}`);
  for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, v);
  const token = c.token === undefined ? ADMIN : c.token;
  const res = await handler(
    new Request(url, {
      method: method.toUpperCase(),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(c.body !== undefined ? { "content-type": "application/json" } : {}), ...c.headers },
      body: c.body === undefined ? undefined : typeof c.body === "string" ? c.body : JSON.stringify(c.body),
    }),
    { params: Promise.resolve(c.params ?? {}) },
  );
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get("content-type") ?? "").includes("json") && text) body = JSON.parse(text);
  return { status: res.status, body, headers: res.headers };
}

/** Calls the operation and checks the answer against the document. */
async function check(operationId: string, c: Call, expectStatus?: number) {
  const op = OPERATIONS.find((o) => o.operationId === operationId)!;
  const res = await call(op.method, op.path, c);
  const documented = doc.paths[op.path][op.method].responses as Json;
  expect(Object.keys(documented), `${operationId} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`).toContain(String(res.status));
  if (expectStatus !== undefined) expect(res.status, `${operationId}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(expectStatus);
  const schema = documented[String(res.status)]?.content?.["application/json"]?.schema;
  if (schema && res.status !== 304) expect(validate(schema, res.body), `${operationId} ${res.status} body`).toBeNull();
  return res as { status: number; body: Json; headers: Headers };
}

beforeAll(async () => {
  stack = await startSignpostStack("pglite");
}, 60_000);
afterAll(async () => stack?.stop());

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 and every schema compiles", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const name of Object.keys(doc.components.schemas)) expect(() => ajv.getSchema(`signpost#/components/schemas/${name}`)).not.toThrow();
  });

  it("documents every route handler, and every documented operation exists", () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === "route.ts") {
          const rel = "/" + path.relative(path.resolve(import.meta.dirname, "../../app"), path.dirname(p)).replace(/\[(\w+)\]/g, "{$1}");
          const src = fs.readFileSync(p, "utf8");
          for (const m of src.matchAll(/export const (GET|POST|PUT|DELETE|PATCH)\b/g)) found.push(`${m[1].toLowerCase()} ${rel}`);
        }
      }
    };
    walk(path.resolve(import.meta.dirname, "../../app/api"));
    const documented = OPERATIONS.map((o) => `${o.method} ${o.path}`);
    expect(found.filter((f) => f !== "get /api/v1/openapi.json").sort()).toEqual([...documented].sort());
  });
});

describe("every operation, valid and invalid inputs", () => {
  it("operations and catalog", async () => {
    await check("health", { token: null }, 200);
    await check("ready", { token: null }, 200);
    const list = await check("listApis", { query: { limit: "1" } }, 200);
    state.apiId = list.body.data[0].id;
    await check("listApis", { query: { limit: "0" } }, 400);
    await check("listApis", { query: { cursor: "not-a-cursor" } }, 400);
    await check("listApis", { query: { mode: "Teleport" } }, 400);
    await check("apiFacets", { query: { q: "mgr" } }, 200);
    const one = await check("getApi", { params: { id: state.apiId } }, 200);
    await check("getApi", { params: { id: state.apiId }, headers: { "if-none-match": one.headers.get("etag")! } }, 304);
    await check("getApi", { params: { id: "00000000-0000-4000-8000-000000000000" } }, 404);
    await check("getApi", { params: { id: "nope" } }, 400);
    await check("listApis", { query: { sort: "-owner", limit: "2" } }, 200);
    await check("listApis", { query: { sort: "color" } }, 400);
    const endpoints = await check("apiEndpoints", { params: { id: state.apiId } }, 200);
    expect(Array.isArray(endpoints.body.data)).toBe(true);
    await check("apiEndpoints", { params: { id: "00000000-0000-4000-8000-000000000000" } }, 404);
    await check("apiEndpoints", { params: { id: "nope" } }, 400);
    const objects = await check("apiSourceObjects", { params: { id: state.apiId } }, 200);
    expect(objects.body.data.length).toBeGreaterThan(0);
    await check("apiSourceObjects", { params: { id: state.apiId }, token: null }, 401);
    await check("apiSourceObjects", { params: { id: "00000000-0000-4000-8000-000000000000" } }, 404);
    const resolved = await check("resolveApi", { params: { name: "usermgr" } }, 200);
    await check("resolveApi", { params: { name: "usermgr" }, headers: { "if-none-match": resolved.body.etag } }, 304);
    await check("resolveApi", { params: { name: "usermgr" }, query: { wait: "200ms" }, headers: { "if-none-match": resolved.body.etag } }, 304);
    await check("resolveApi", { params: { name: "no-such-api" } }, 404);
    await check("listEvents", { query: { limit: "5" } }, 200);
    await check("listEvents", { query: { after: "x" } }, 400);
    await check("listSources", {}, 200);
    await check("resyncSource", { params: { kind: "cluster", name: "sandbox" } }, 200);
    await check("resyncSource", { params: { kind: "cluster", name: "nope" } }, 404);
    await check("resyncSource", { params: { kind: "cluster", name: "sandbox" }, token: null }, 401);
    await check("confirmDeletion", { params: { kind: "cluster", name: "sandbox" } }, 409);
    await check("listGateways", {}, 200);
    await check("listServices", { query: { q: "mgr" } }, 200);
    // Try it: the stack's gateway proxy URL is loopback, which the outbound guard refuses (422)
    const gatewayApi = (await check("listApis", { query: { mode: "Gateway", limit: "1" } }, 200)).body.data[0].id;
    await check("tryApi", { params: { id: gatewayApi }, body: { path: "/x" } }, 422);
    await check("tryApi", { params: { id: gatewayApi }, body: { path: "/../admin" } }, 422);
    await check("tryApi", { params: { id: gatewayApi }, body: { path: "/x" }, token: null }, 401);
    await check("tryApi", { params: { id: "00000000-0000-4000-8000-000000000000" }, body: { path: "/" } }, 404);
  });

  it("registration", async () => {
    const body = {
      name: "contract-api",
      team: "qa",
      upstream: { service: { cluster: "sandbox", namespace: "shop", name: "ordermgr", port: 80 } },
      route: { paths: ["/contract"] },
    };
    const manifest = await check("registrationManifest", { body }, 200);
    expect(manifest.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(String(manifest.body)).toContain("kind: Ingress");
    await check("registrationManifest", { body: { ...body, route: { paths: ["nope"] } } }, 422);
    const preview = await check("previewRegistration", { body }, 200);
    expect(preview.body.valid).toBe(true);
    const bad = await check("previewRegistration", { body: { name: "X" } }, 200);
    expect(bad.body.issues.length).toBeGreaterThan(0);
    const created = await check("registerApi", { body }, 201);
    await check("registerApi", { body }, 200);
    await check("registerApi", { body: { ...body, route: { paths: ["nope"] } } }, 422);
    await check("registerApi", { body: "{", headers: { "content-type": "application/json" } }, 400);
    await check("registerApi", { body, token: null }, 401);
    await check("registerApi", { body: { ...body, name: "usermgr", route: { paths: ["/u2"] } } }, 409);
    await check("listRegistrations", { query: { team: "qa" } }, 200);
    await check("putRegistration", { params: { gateway: "sandbox", name: "contract-api" }, body: { ...body, route: { paths: ["/contract2"] } } }, 200);
    await check("putRegistration", { params: { gateway: "sandbox", name: "other" }, body }, 422);
    await check("deleteRegistration", { params: { gateway: "sandbox", name: "contract-api" } }, 204);
    await check("deleteRegistration", { params: { gateway: "sandbox", name: "contract-api" } }, 404);
    await check("registerApi", { body: { ...body, name: "contract-two" } }, 201);
    await check("deregisterApi", { params: { id: (await check("resolveApi", { params: { name: "contract-two" } })).body.id } }, 204);
    await check("deregisterApi", { params: { id: state.apiId } }, 409);
    expect(created.body.name).toBe("contract-api");
  });

  it("contracts and the Backstage export", async () => {
    const id = state.apiId;
    await check("getApiSpec", { params: { id } }, 404);
    const yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /t:\n    get:\n      responses:\n        '200': {description: ok}\n";
    const headers = { "content-type": "application/yaml" };
    await check("putApiSpec", { params: { id }, body: yaml, headers }, 201);
    await check("putApiSpec", { params: { id }, body: yaml, headers }, 200);
    await check("putApiSpec", { params: { id }, body: "swagger: '2.0'\n", headers }, 422);
    await check("putApiSpec", { params: { id }, body: "openapi: [\n", headers }, 400);
    await check("putApiSpec", { params: { id }, body: yaml, headers: { "content-type": "text/plain" } }, 415);
    await check("putApiSpec", { params: { id }, body: yaml, headers, token: null }, 401);
    await check("putApiSpec", { params: { id: "00000000-0000-4000-8000-000000000000" }, body: yaml, headers }, 404);
    const got = await check("getApiSpec", { params: { id } }, 200);
    expect(got.body).toBe(yaml);
    await check("getApiSpec", { params: { id }, headers: { "if-none-match": got.headers.get("etag")! } }, 304);
    await check("getApiSpec", { params: { id }, query: { version: "9" } }, 404);
    await check("getApiSpec", { params: { id }, query: { version: "x" } }, 400);
    const versions = await check("listApiSpecVersions", { params: { id } }, 200);
    expect(versions.body.data).toHaveLength(1);
    await check("listApiSpecVersions", { params: { id: "00000000-0000-4000-8000-000000000000" } }, 404);
    const exported = await check("exportBackstage", {}, 200);
    expect(String(exported.body)).toContain("kind: API");
  });

  it("webhooks", async () => {
    const hook = await check("createWebhook", { body: { url: "http://127.0.0.1:9/hook", events: ["*"], secret: "0123456789abcdef" } }, 201);
    await check("createWebhook", { body: { url: "http://10.0.0.5/hook", events: ["*"], secret: "0123456789abcdef" } }, 422);
    await check("createWebhook", { body: { url: "http://127.0.0.1:9/hook", events: ["api.exploded"], secret: "0123456789abcdef" } }, 422);
    await check("listWebhooks", {}, 200);
    await check("getWebhook", { params: { id: hook.body.id } }, 200);
    expect((await check("enableWebhook", { params: { id: hook.body.id } }, 200)).body.disabledAt).toBeNull();
    await check("enableWebhook", { params: { id: "00000000-0000-4000-8000-000000000000" } }, 404);
    await check("enableWebhook", { params: { id: hook.body.id }, token: null }, 401);
    await check("listDeliveries", { params: { id: hook.body.id } }, 200);
    await check("deleteWebhook", { params: { id: hook.body.id } }, 204);
    await check("getWebhook", { params: { id: hook.body.id } }, 404);
    await check("listWebhooks", { token: null }, 401);
  });

  it("access control", async () => {
    const viewer = await check("createToken", { body: { name: "contract viewer", role: "viewer" } }, 201);
    await check("createToken", { body: { name: "x", role: "root" } }, 422);
    await check("listTokens", {}, 200);
    await check("listTokens", { token: viewer.body.token }, 403);
    await check("registerApi", { token: viewer.body.token, body: { name: "v" } }, 403);
    await check("getSession", { token: viewer.body.token }, 200);
    await check("signIn", { token: null, body: { token: viewer.body.token } }, 200);
    await check("signIn", { token: null, body: { token: "sp_tok_wrong" } }, 401);
    await check("signOut", { token: null }, 204);
    await check("revokeToken", { params: { id: viewer.body.id } }, 204);
    await check("listApis", { token: viewer.body.token }, 401);
    await check("revokeToken", { params: { id: "00000000-0000-4000-8000-000000000000" } }, 404);
    const audit = await check("listAudit", { query: { limit: "50" } }, 200);
    expect(audit.body.data.map((e: Json) => e.action)).toEqual(expect.arrayContaining(["token.create", "token.revoke", "api.register", "api.deregister", "webhook.create"]));
    await check("listAudit", { query: { cursor: "abc" } }, 400);
  });

  it("called every documented operation", () => {
    // every operationId appears in the calls above (kept in sync by this list)
    const src = fs.readFileSync(import.meta.filename, "utf8");
    for (const op of OPERATIONS) expect(src, op.operationId).toContain(`check("${op.operationId}"`);
  });
});
