// The catalog's views over HTTP against a real `signpost start`: the exact total, sorting (and a
// 400 naming the fields), the CSV export of the whole filtered view, owners and links from a8r.io
// annotations (set with the real kubectl), endpoints, team pages, stable links by name (307,
// 404), and the source objects refused to anonymous readers and viewers, page and REST alike.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSignpostServer, SERVER_ADMIN_TOKEN, type SignpostServer } from "../helpers/signpost-http-server";
import { waitFor } from "../helpers/wait-for";
import type { TApi } from "../../lib/api/schemas/api";

const run = promisify(execFile);
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
let server: SignpostServer;
let viewer: Record<string, string>;
let editor: Record<string, string>;

type List = { data: TApi[]; nextCursor: string | null; total: number };

async function token(role: string): Promise<Record<string, string>> {
  const r = await server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: `views-${role}`, role } });
  expect(r.status, r.text).toBe(201);
  return { authorization: `Bearer ${r.json<{ token: string }>().token}` };
}

async function kubectl(...args: string[]): Promise<string> {
  const env = { ...process.env, KUBECONFIG: path.join(server.dataDir, "sandbox.kubeconfig"), KUBECACHEDIR: path.join(server.dataDir, "kubecache") };
  return (await run("kubectl", args, { env })).stdout;
}

const list = async (q: string) => {
  const r = await server.request(`/api/v1/apis?${q}`);
  expect(r.status, r.text).toBe(200);
  return r.json<List>();
};

/** Every API of a view, through the JSON pages. */
async function walk(q: string): Promise<TApi[]> {
  const out: TApi[] = [];
  let cursor: string | null = null;
  do {
    const page: List = await list(`${q}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const byName = async (name: string) => (await walk(`q=${name}`)).find((a) => a.name === name)!;

beforeAll(async () => {
  server = await startSignpostServer();
  viewer = await token("viewer");
  editor = await token("editor");
  for (const name of ["views-a", "views-b", "views-c"]) {
    const r = await server.request("/api/v1/apis", {
      method: "POST",
      headers: admin,
      body: { name, team: "views", upstream: { url: `http://${name}.internal:8080` }, route: { paths: [`/${name}`] } },
    });
    expect(r.status, r.text).toBe(201);
  }
  await kubectl(
    "annotate", "service", "ordermgr", "-n", "shop", "--overwrite",
    "a8r.io/owner=orders@example.com",
    "a8r.io/description=Takes orders",
    "a8r.io/repository=https://git.example.com/shop/ordermgr",
    "a8r.io/runbook=https://runbooks.example.com/ordermgr",
    "a8r.io/chat=javascript:alert(document.cookie)",
    "example.com/api-token=s3cr3t-value-do-not-show",
  );
  await waitFor(() => byName("ordermgr"), (a) => a?.owner === "orders@example.com", { timeoutMs: 60_000, what: "ordermgr's owner in the catalog" });
}, 180_000);
afterAll(async () => server?.dispose());

describe("GET /api/v1/apis: total and sort", () => {
  it("gives the exact total of the filtered view on every page", async () => {
    const all = await walk("includeGone=false");
    const first = await list("limit=1");
    expect(first.total).toBe(all.length);
    expect(first.data).toHaveLength(1);
    const views = await walk("team=views");
    expect(views.map((a) => a.name).sort()).toEqual(["views-a", "views-b", "views-c"]);
    expect((await list("team=views&limit=1")).total).toBe(3);
    expect((await list("q=no-such-api-anywhere")).total).toBe(0);
  });

  it("sorts by any column both ways, and refuses an unknown field with a 400 naming the fields", async () => {
    expect((await list("team=views&sort=-name")).data.map((a) => a.name)).toEqual(["views-c", "views-b", "views-a"]);
    const byOwner = (await list("sort=-owner&limit=1")).data[0];
    expect(byOwner.owner).toBe("orders@example.com");
    for (const sort of ["color", "-", "name,owner"]) {
      const r = await server.request(`/api/v1/apis?sort=${encodeURIComponent(sort)}`);
      expect(r.status).toBe(400);
      expect(r.headers["content-type"]).toMatch(/application\/json/);
      const err = r.json<{ error: { code: string; message: string } }>().error;
      expect(err.code).toBe("bad_request");
      expect(err.message).toMatch(/^invalid query: query\.sort: unknown sort field; sort by one of name, owner, team, microservice, mode, proxyUrl, cluster, namespace, updated/);
    }
  });
});

describe("GET /api/v1/apis with Accept: text/csv", () => {
  it("streams every API of the filtered view, all pages, in its order", async () => {
    const expected = await walk("team=views&sort=-proxyUrl");
    expect(expected.map((a) => a.name)).toEqual(["views-c", "views-b", "views-a"]);
    const r = await server.request("/api/v1/apis?team=views&sort=-proxyUrl&limit=1", { headers: { accept: "text/csv" } });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/csv/);
    expect(r.headers["content-disposition"]).toBe('attachment; filename="apis.csv"');
    const lines = r.text.split("\r\n");
    expect(lines.pop()).toBe("");
    const header = lines[0].split(",");
    expect(header.slice(0, 3)).toEqual(["name", "owner", "team"]);
    const id = header.indexOf("id");
    expect(lines.slice(1).map((l) => l.split(",")[id])).toEqual(expected.map((a) => a.id));
    const shop = await server.request("/api/v1/apis?namespace=shop", { headers: { accept: "application/json;q=0.5, text/csv" } });
    const rows = shop.text.split("\r\n").filter(Boolean);
    expect(rows.map((l) => l.split(",")[0]).slice(1).sort()).toEqual(["ordermgr", "usermgr"]);
    expect(rows.find((l) => l.startsWith("ordermgr,"))).toMatch(/^ordermgr,orders@example\.com,commerce,ordermgr,Gateway,/);
  });

  it("answers JSON to a browser's ordinary Accept, and a JSON 400 for a bad query", async () => {
    const r = await server.request("/api/v1/apis?limit=1", { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(r.headers["content-type"]).toMatch(/application\/json/);
    const bad = await server.request("/api/v1/apis?sort=nope", { headers: { accept: "text/csv" } });
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/json/);
  });
});

describe("owners and links", () => {
  it("are structured fields: only http(s) and mailto addresses become links", async () => {
    const o = await byName("ordermgr");
    expect(o).toMatchObject({ owner: "orders@example.com", description: "Takes orders", team: "commerce" });
    expect(o.links).toEqual([
      { kind: "chat", value: "javascript:alert(document.cookie)", href: null },
      { kind: "repository", value: "https://git.example.com/shop/ordermgr", href: "https://git.example.com/shop/ordermgr" },
      { kind: "runbook", value: "https://runbooks.example.com/ordermgr", href: "https://runbooks.example.com/ordermgr" },
    ]);
    expect((await walk("owner=orders@example.com")).map((a) => a.name)).toContain("ordermgr");
    const facets = (await server.request("/api/v1/apis/facets")).json<{ owner: { value: string; count: number }[] }>();
    expect(facets.owner).toContainEqual({ value: "orders@example.com", count: expect.any(Number) });
  });

  it("show on the API page, the unsafe one as text", async () => {
    const page = await server.request(`/apis/${(await byName("ordermgr")).id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="https://runbooks.example.com/ordermgr"');
    expect(page.text).toContain('href="mailto:orders@example.com"');
    expect(page.text).not.toContain('href="javascript:');
  });

  it("a team page lists its APIs and contacts; an unknown team is a 404", async () => {
    const team = await server.request("/teams/commerce");
    expect(team.status).toBe(200);
    expect(team.text).toContain("orders@example.com");
    expect(team.text).toContain("ordermgr");
    expect((await server.request("/teams/no-such-team")).status).toBe(404);
  });
});

describe("where an API runs", () => {
  it("lists the endpoints behind each Service with pod, node, zone and conditions", async () => {
    const usermgr = await byName("usermgr");
    const r = await server.request(`/api/v1/apis/${usermgr.id}/endpoints`);
    expect(r.status).toBe(200);
    const data = r.json<{ data: { service: { name: string }; endpoints: { pod: string; node: string; zone: string; ready: boolean; serving: boolean; terminating: boolean; addresses: string[] }[] }[] }>().data;
    const svc = data.find((s) => s.service.name === "usermgr")!;
    expect(svc.endpoints).toHaveLength(3);
    expect(svc.endpoints.map((e) => `${e.node} ${e.zone}`).sort()).toEqual(["node-1 sandbox-a", "node-2 sandbox-b", "node-3 sandbox-c"]);
    for (const e of svc.endpoints) {
      expect(e).toMatchObject({ ready: true, serving: true, terminating: false, pod: expect.stringMatching(/^shop\/usermgr-/) });
      expect(e.addresses[0]).toMatch(/^10\.244\./);
    }
  });

  it("refuses the source objects to anonymous readers (401) and viewers (403), over REST and on the page", async () => {
    const o = await byName("ordermgr");
    expect((await server.request(`/api/v1/apis/${o.id}/objects`)).status).toBe(401);
    const asViewer = await server.request(`/api/v1/apis/${o.id}/objects`, { headers: viewer });
    expect(asViewer.status).toBe(403);
    expect(asViewer.text).not.toContain("kind: Service");
    for (const headers of [{}, viewer]) {
      const page = await server.request(`/apis/${o.id}`, { headers });
      expect(page.status).toBe(200);
      expect(page.text).not.toContain("Source objects");
      expect(page.text).not.toContain("resourceVersion");
    }
  });

  it("gives editors the source objects as YAML, secrets replaced", async () => {
    const o = await byName("ordermgr");
    const r = await server.request(`/api/v1/apis/${o.id}/objects`, { headers: editor });
    expect(r.status).toBe(200);
    const objects = r.json<{ data: { kind: string; name: string; yaml: string }[] }>().data;
    expect(new Set(objects.map((x) => x.kind))).toEqual(new Set(["KongRoute", "KongService", "Ingress", "Service", "EndpointSlice"]));
    const svc = objects.find((x) => x.kind === "Service" && x.name === "ordermgr")!;
    expect(svc.yaml).toMatch(/^kind: Service\nmetadata:\n {2}cluster: sandbox\n {2}namespace: shop\n {2}name: ordermgr\n/);
    expect(svc.yaml).toContain("example.com/api-token: (redacted)");
    expect(svc.yaml).toContain("a8r.io/owner: orders@example.com");
    expect(r.text).not.toContain("s3cr3t-value-do-not-show");
    const page = await server.request(`/apis/${o.id}`, { headers: editor });
    expect(page.text).toContain("Source objects");
    expect(page.text).toContain("example.com/api-token: (redacted)");
  });

  it("never shows a secret-named annotation's value to readers: REST, the API page, anonymous or viewer", async () => {
    const o = await byName("ordermgr");
    for (const headers of [{}, viewer]) {
      const r = await server.request(`/api/v1/apis/${o.id}`, { headers });
      expect(r.status).toBe(200);
      expect(r.json<{ annotations: Record<string, string> }>().annotations["example.com/api-token"]).toBe("(redacted)");
      expect(r.text).not.toContain("s3cr3t-value-do-not-show");
      const list = await server.request("/api/v1/apis?q=ordermgr", { headers });
      expect(list.text).not.toContain("s3cr3t-value-do-not-show");
      const page = await server.request(`/apis/${o.id}`, { headers });
      expect(page.status).toBe(200);
      expect(page.text).not.toContain("s3cr3t-value-do-not-show");
    }
  });
});

describe("stable links by name", () => {
  it("redirect to the API page (307), by cluster/namespace/name and by name for gateway APIs", async () => {
    const usermgr = await byName("usermgr");
    const r = await server.request("/apis/by-name/sandbox/shop/usermgr");
    expect(r.status).toBe(307);
    expect(r.headers.location).toBe(`/apis/${usermgr.id}`);
    const reg = await byName("views-b");
    const g = await server.request("/apis/by-name/views-b");
    expect([g.status, g.headers.location]).toEqual([307, `/apis/${reg.id}`]);
  });

  it("are the 404 page when unknown or malformed", async () => {
    for (const p of ["/apis/by-name/sandbox/shop/nope", "/apis/by-name/nope", "/apis/by-name/a/b", "/apis/by-name/sandbox/other/usermgr"]) {
      const r = await server.request(p);
      expect(r.status, p).toBe(404);
      expect(r.text, p).toContain("Not found");
    }
  });
});
