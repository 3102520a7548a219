// Errors come back as SignpostError with the server's code and message, and a kind for the
// cases callers branch on (unreachable, timeout, unauthorized).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignpostClient } from "./create-signpost-client";

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith("/api/v1/sources")) return void setTimeout(() => res.end("{}"), 2_000);
    if (req.url === "/api/v1/registrations/sandbox/x" && req.method === "PUT") {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { code: "unauthorized", message: "the token is invalid, expired or revoked" } }));
    }
    if (req.url === "/api/v1/apis?team=a&team=b&limit=5") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ data: [], nextCursor: null, auth: req.headers.authorization ?? null }));
    }
    res.writeHead(502, { "content-type": "text/html" });
    res.end("<html>bad gateway</html>");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("createSignpostClient", () => {
  it("sends the token and the query, and returns the data", async () => {
    const client = createSignpostClient({ baseUrl: base, token: "sp_tok_x" });
    expect(await client.listApis({ query: { team: ["a", "b"], limit: 5 } })).toMatchObject({ data: [], auth: "Bearer sp_tok_x" });
  });

  it("turns the error body into status, code and message", async () => {
    const client = createSignpostClient({ baseUrl: base, token: "wrong" });
    const body = { name: "x", upstream: { url: "http://x:1" }, route: { paths: ["/x"] } };
    await expect(client.putRegistration({ params: { gateway: "sandbox", name: "x" }, body })).rejects.toMatchObject({
      name: "SignpostError", kind: "unauthorized", status: 401, code: "unauthorized", message: "the token is invalid, expired or revoked",
    });
  });

  it("reports a non-JSON error page by its status", async () => {
    await expect(createSignpostClient({ baseUrl: base }).listGateways()).rejects.toMatchObject({ kind: "http", status: 502, code: "http_502", isUnavailable: true });
  });

  it("tells unreachable from timeout", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(createSignpostClient({ baseUrl: `http://127.0.0.1:${port}` }).health()).rejects.toMatchObject({ kind: "unreachable", status: 0 });
    await expect(createSignpostClient({ baseUrl: base, timeoutMs: 100 }).listSources()).rejects.toMatchObject({ kind: "timeout" });
  });

  it("refuses a base URL that is not http(s)", () => {
    expect(() => createSignpostClient({ baseUrl: "localhost:3000" })).toThrow(/http\(s\) URL/);
  });
});
