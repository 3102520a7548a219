// The REST API's limits over HTTP against a running `signpost start`: one JSON error body for
// every /api path and method (404 for unknown paths, 405 with Allow), request bodies capped while
// they arrive (413, chunked too), cursors and numbers validated (400), security headers on pages
// and API responses, and metric labels from route templates.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ADMIN_TOKEN, startSignpostServer, type SignpostServer } from "../helpers/signpost-server";

let server: SignpostServer;
const auth = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };

beforeAll(async () => {
  server = await startSignpostServer();
}, 150_000);
afterAll(async () => server?.dispose());

type ErrorBody = { error: { code: string; message: string } };

async function errorOf(res: Response): Promise<ErrorBody> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return (await res.json()) as ErrorBody;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api (and /metrics, /mcp): its path with sample params and the methods it exports. */
function routeFiles(): { path: string; methods: string[] }[] {
  const root = path.resolve(import.meta.dirname, "../../app");
  const out: { path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts" && !p.includes("[[...")) {
        const src = fs.readFileSync(p, "utf8");
        const methods = METHODS.filter((m) => new RegExp(`^export (const|async function) ${m}\\b`, "m").test(src));
        const url = path.relative(root, path.dirname(p)).split(path.sep).map((s) => (s === "[kind]" ? "cluster" : s.startsWith("[") ? "x" : s));
        out.push({ path: `/${url.join("/")}`, methods });
      }
    }
  };
  walk(path.join(root, "api"));
  walk(path.join(root, "metrics"));
  walk(path.join(root, "mcp"));
  return out;
}

describe("one JSON error body for every /api path and method", () => {
  it.each(["/api/v1/nothing", "/api/v1/apis/x/y/z", "/api/v2/apis", "/api", "/api/v1/sources/cluster"])("%s: every method answers the JSON 404", async (p) => {
    for (const method of [...METHODS, "OPTIONS"]) {
      const res = await fetch(`${server.url}${p}`, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
      expect(res.status, `${method} ${p}`).toBe(404);
      const body = await errorOf(res);
      expect(body.error).toEqual({ code: "not_found", message: `no endpoint ${method} ${p}; the API reference is at /docs/api` });
    }
    const head = await fetch(`${server.url}${p}`, { method: "HEAD" });
    expect(head.status).toBe(404);
  });

  it("every route answers the methods it does not serve with the JSON 405 and an Allow header naming those it does", async () => {
    const routes = routeFiles();
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      const served = [...r.methods, ...(r.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
      const expected = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((m) => served.includes(m)).join(", ");
      for (const method of METHODS.filter((m) => !r.methods.includes(m))) {
        const res = await fetch(`${server.url}${r.path}`, { method, headers: auth });
        expect(res.status, `${method} ${r.path}`).toBe(405);
        expect(res.headers.get("allow"), `${method} ${r.path}`).toBe(expected);
        expect((await errorOf(res)).error).toEqual({ code: "method_not_allowed", message: `${method} is not supported on ${r.path}; it supports ${expected}` });
      }
      const options = await fetch(`${server.url}${r.path}`, { method: "OPTIONS" });
      expect([options.status, options.headers.get("allow")], r.path).toEqual([204, expected]);
    }
  });
});

describe("request bodies are capped while they arrive", () => {
  it("a declared Content-Length over the limit is refused before the body is read", async () => {
    const res = await fetch(`${server.url}/api/v1/webhooks`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ url: "https://hooks.example.com/x", events: ["*"], secret: "0123456789abcdef", description: "x".repeat(20_000) }),
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).error).toEqual({ code: "payload_too_large", message: "the body is larger than 16384 bytes" });
  });

  it("a chunked body without Content-Length is cut off at the limit: 413 while the client is still sending", async () => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    const sendUpTo = 64 * 1024 * 1024; // far more than the limit (1 MB + the 2 MiB contract cap)
    const result = await new Promise<{ status: number; body: string; sentBeforeAnswer: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(`${server.url}/api/v1/apis`, { method: "POST", headers: { ...auth, "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        answered = true;
        const sentBeforeAnswer = sent;
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode!, body, sentBeforeAnswer });
        });
      });
      req.on("error", (err) => (answered ? undefined : reject(err)));
      req.write('{"name": "');
      const pump = () => {
        while (!answered && sent < sendUpTo) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!answered) req.end('"}');
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ error: { code: "payload_too_large", message: `the body is larger than ${1_000_000 + 2_097_152} bytes` } }); // 1 MB + SIGNPOST_SPEC_MAX_BYTES (a registration may carry its contract)
    // The answer came while the client was still sending: the server stopped reading at the limit.
    expect(result.sentBeforeAnswer).toBeLessThan(sendUpTo);
  });
});

describe("requests Node's HTTP parser refuses", () => {
  /** Sends raw bytes and returns the whole answer (the server closes the connection). */
  const raw = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const url = new URL(server.url);
      const socket = net.connect(Number(url.port), url.hostname, () => socket.end(bytes));
      let out = "";
      socket.setEncoding("utf8");
      socket.on("data", (d) => (out += d));
      socket.on("close", () => resolve(out));
      socket.on("error", reject);
    });

  it("a request line past Node's header limit is a 431 with the JSON error body, not a bare status line", async () => {
    const res = await fetch(`${server.url}/api/v1/session?q=${"a".repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(await errorOf(res)).toEqual({ error: { code: "header_too_large", message: expect.stringContaining("larger than") } });
  });

  it("a malformed request is a 400 with the JSON error body naming the parser's complaint", async () => {
    const answer = await raw("GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/\r\nContent-Type: application\/json/);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as ErrorBody;
    expect(body.error).toMatchObject({ code: "bad_request", message: expect.stringContaining("malformed HTTP request") });
  });
});

describe("cursors and numbers in queries are validated", () => {
  it.each([
    ["/api/v1/events?after=99999999999999999999999", "query.after"],
    ["/api/v1/events?after=9223372036854775808", "query.after"],
    ["/api/v1/events?after=-1", "query.after"],
    ["/api/v1/events?limit=1e400", "query.limit"],
    ["/api/v1/audit?cursor=99999999999999999999999", "query.cursor"],
    ["/api/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries?cursor=9999999999999999999", "query.cursor"],
    ["/api/v1/apis?limit=0", "query.limit"],
    ["/api/v1/apis?limit=abc", "query.limit"],
    [`/api/v1/apis?cursor=${Buffer.from(JSON.stringify(["a", "------------------------------------"])).toString("base64url")}`, "query.cursor"],
    [`/api/v1/apis?sort=-updated&cursor=${Buffer.from(JSON.stringify(["not a time", "00000000-0000-4000-8000-000000000000"])).toString("base64url")}`, "query.cursor"],
    [`/api/v1/apis?sort=updated&cursor=${Buffer.from(JSON.stringify(["2026-02-31T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"])).toString("base64url")}`, "query.cursor"],
  ])("%s: 400 naming %s", async (p, field) => {
    const res = await fetch(`${server.url}${p}`, { headers: auth });
    expect(res.status, p).toBe(400);
    const body = await errorOf(res);
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(field);
  });

  it("Last-Event-ID past the id range is a 400, not a broken stream", async () => {
    const res = await fetch(`${server.url}/api/v1/events`, { headers: { accept: "text/event-stream", "last-event-id": "99999999999999999999999" } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).error.message).toBe("Last-Event-ID must be an event id");
  });

  it("an api filter that looks like a UUID but is not one is a name, not a database error", async () => {
    const res = await fetch(`${server.url}/api/v1/events?api=------------------------------------`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toEqual([]);
  });
});

describe("security headers", () => {
  it("pages: a CSP with a fresh nonce that Next.js puts on its scripts, no framing, nosniff, a referrer policy", async () => {
    const nonces: string[] = [];
    for (const p of ["/", "/sources", "/register", "/docs/api", "/settings", "/no-such-page"]) {
      const res = await fetch(`${server.url}${p}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, `${p}: ${csp}`).toBeTruthy();
      nonces.push(nonce!);
      expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, p).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, p).toContain(`nonce="${nonce}"`);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it("API responses, errors and event streams: a policy that allows nothing, nosniff, no framing", async () => {
    for (const p of ["/api/v1/apis", "/api/v1/nothing", "/api/health", "/metrics"]) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.headers.get("content-security-policy"), p).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), p).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), p).toBe("DENY");
    }
  });
});

describe("metric labels", () => {
  it("come from route templates: distinct ids, names and unknown paths add no series", async () => {
    for (let i = 0; i < 30; i++) {
      await fetch(`${server.url}/api/v1/resolve/no-such-api-${i}`);
      await fetch(`${server.url}/api/v1/apis/00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
      await fetch(`${server.url}/api/v1/unknown-${i}/x`);
    }
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const routes = new Set([...text.matchAll(/signpost_http_requests_total\{[^}]*route="([^"]*)"/g)].map((m) => m[1]));
    expect(routes).toContain("/api/v1/resolve/{name}");
    expect(routes).toContain("/api/v1/apis/{id}");
    expect(routes).toContain("(unmatched)");
    expect([...routes].filter((r) => /no-such-api|unknown-|0000-4000/.test(r))).toEqual([]);
  });
});
