// The sandbox proxy routes as Kong 3's traditional_compatible router does. Cases follow Kong's
// documented router behaviour (proxy guide: hosts with the Host header and wildcards, prefix and
// `~` regex paths, methods, "more fields win", longest prefix, regexes before prefixes and by
// regex_priority, strip_path, preserve_host) and its source (get_priority, get_upstream_uri_v0).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandboxGateway, startSandboxProxy, type SandboxGateway, type SandboxProxy } from "../../lib/sandbox/kong";
import { adminApi } from "./kong-test-helpers";
import { echoServer, send } from "./kong-proxy-helpers";

describe("sandbox proxy routing", () => {
  let gateway: SandboxGateway;
  let proxy: SandboxProxy;
  let upstreams: Awaited<ReturnType<typeof echoServer>>[];
  let api: ReturnType<typeof adminApi>;
  /** A service per echo server: svc-a, svc-b, svc-c. */
  const svc = (i: number, path?: string) => ({ name: `svc-${"abc"[i]}`, url: `http://127.0.0.1:${upstreams[i].port}${path ?? ""}` });
  const route = async (service: string, body: Record<string, unknown>) => {
    const r = await api("POST", `/services/${service}/routes`, body);
    expect(r.status, r.text).toBe(201);
    return r.body;
  };
  const who = async (path: string, host?: string, method?: string) => {
    const r = await send(proxy.url, path, { host, method });
    return r.status === 200 ? (r.json!.server as string) : r.status;
  };

  beforeAll(async () => {
    upstreams = await Promise.all(["a", "b", "c"].map(echoServer));
    gateway = await startSandboxGateway({ port: 0 });
    proxy = await startSandboxProxy({ store: gateway.store, port: 0 });
    api = adminApi(gateway.url);
  });

  afterAll(async () => {
    await proxy?.stop();
    await gateway?.stop();
    await Promise.all(upstreams.map((u) => u.stop()));
  });

  beforeEach(async () => {
    gateway.store.clear();
    for (const i of [0, 1, 2]) expect((await api("POST", "/services", svc(i))).status).toBe(201);
  });

  it("answers an unrouted request with Kong's 404 body", async () => {
    const r = await send(proxy.url, "/nothing", { host: "nowhere.example" });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ message: "no Route matched with those values", request_id: r.headers["x-kong-request-id"] });
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(r.headers.server).toBe("kong/3.9.1");
  });

  it("matches hosts by the Host header, with or without its port, and wildcards at either end", async () => {
    await route("svc-a", { hosts: ["example.com"] });
    await route("svc-b", { hosts: ["*.example.org"] });
    await route("svc-c", { hosts: ["service.*"] });
    expect(await who("/", "example.com")).toBe("a");
    expect(await who("/", "example.com:8000")).toBe("a");
    expect(await who("/", "EXAMPLE.COM")).toBe("a");
    expect(await who("/", "api.example.org")).toBe("b");
    expect(await who("/", "example.org")).toBe(404);
    expect(await who("/", "service.io")).toBe("c");
    expect(await who("/", "other.com")).toBe(404);
  });

  it("a host with a port matches only that port", async () => {
    await route("svc-a", { hosts: ["example.com:8000"] });
    expect(await who("/", "example.com:8000")).toBe("a");
    expect(await who("/", "example.com:9000")).toBe(404);
  });

  it("paths are prefixes; the longest prefix wins", async () => {
    await route("svc-a", { paths: ["/service"] });
    await route("svc-b", { paths: ["/service/resource"] });
    expect(await who("/service")).toBe("a");
    expect(await who("/servicefoo")).toBe("a");
    expect(await who("/service/resource/1")).toBe("b");
    expect(await who("/other")).toBe(404);
  });

  it("~ paths are regexes anchored at the start, tried before prefixes, in regex_priority order", async () => {
    await route("svc-a", { paths: ["/users"] });
    await route("svc-b", { paths: ["~/users/\\d+$"], regex_priority: 0 });
    await route("svc-c", { paths: ["~/users/\\d+"], regex_priority: 10 });
    expect(await who("/users/42")).toBe("c");
    expect(await who("/users/abc")).toBe("a");
    expect(await who("/v1/users/42")).toBe(404);
  });

  it("methods narrow a route, and the route with more matching fields wins", async () => {
    await route("svc-a", { hosts: ["example.com"] });
    await route("svc-b", { hosts: ["example.com"], methods: ["POST"] });
    await route("svc-c", { paths: ["/only-get"], methods: ["GET"] });
    expect(await who("/", "example.com", "POST")).toBe("b");
    expect(await who("/", "example.com", "GET")).toBe("a");
    expect(await who("/only-get", undefined, "DELETE")).toBe(404);
  });

  it("a plain host beats a wildcard host at otherwise equal fields", async () => {
    await route("svc-a", { hosts: ["*.example.com"] });
    await route("svc-b", { hosts: ["api.example.com"] });
    expect(await who("/", "api.example.com")).toBe("b");
    expect(await who("/", "web.example.com")).toBe("a");
  });

  it("a wildcard host matches a Host header that carries a port", async () => {
    await route("svc-a", { hosts: ["*.example.org"] });
    await route("svc-b", { hosts: ["service.*"] });
    expect(await who("/", "api.example.org:8080")).toBe("a");
    expect(await who("/", "service.io:8443")).toBe("b");
  });

  it("a route with more matching fields wins over a longer path with fewer (weight before length)", async () => {
    await route("svc-a", { hosts: ["example.com"], paths: ["/a"] });
    await route("svc-b", { paths: ["/a/much/longer"] });
    expect(await who("/a/much/longer/x", "example.com")).toBe("a");
    expect(await who("/a/much/longer/x", "other.com")).toBe("b");
  });

  it("plain hosts rank above wildcard hosts before path length does (PLAIN_HOST_ONLY bit)", async () => {
    await route("svc-a", { hosts: ["api.example.com"], paths: ["/a"] });
    await route("svc-b", { hosts: ["*.example.com"], paths: ["/a/longer"] });
    expect(await who("/a/longer/x", "api.example.com")).toBe("a");
    expect(await who("/a/longer/x", "web.example.com")).toBe("b");
  });

  it("regex_priority orders regexes only: a prefix with a high regex_priority still loses to a regex", async () => {
    await route("svc-a", { paths: ["/items"], regex_priority: 100 });
    await route("svc-b", { paths: ["~/items/[a-z]+"], regex_priority: 0 });
    expect(await who("/items/abc")).toBe("b");
    expect(await who("/items/123")).toBe("a");
  });

  it("among regexes of equal regex_priority and fields, more headers rank first", async () => {
    await route("svc-a", { paths: ["~/r/.*"], headers: { "x-a": ["1"] } });
    await route("svc-b", { paths: ["~/r/.*"], headers: { "x-a": ["1"], "x-b": ["2"] } });
    expect((await send(proxy.url, "/r/x", { headers: { "x-a": "1", "x-b": "2" } })).json!.server).toBe("b");
    expect((await send(proxy.url, "/r/x", { headers: { "x-a": "1" } })).json!.server).toBe("a");
  });

  it("one route's paths of different lengths compete separately (the compat router splits them)", async () => {
    await route("svc-a", { paths: ["/", "/foo/bar"] });
    await route("svc-b", { paths: ["/foo"] });
    expect(await who("/foo/bar/x")).toBe("a");
    expect(await who("/foo/x")).toBe("b");
    expect(await who("/elsewhere")).toBe("a");
  });

  it("hosts, paths and methods together: every field must match", async () => {
    await route("svc-a", { hosts: ["example.com"], paths: ["/orders"], methods: ["GET", "HEAD"] });
    expect(await who("/orders/1", "example.com", "GET")).toBe("a");
    expect(await who("/orders/1", "example.com", "POST")).toBe(404);
    expect(await who("/orders/1", "example.net", "GET")).toBe(404);
    expect(await who("/order", "example.com", "GET")).toBe(404);
  });

  it("headers match case-insensitively", async () => {
    await route("svc-a", { paths: ["/h"] });
    await route("svc-b", { paths: ["/h"], headers: { "x-version": ["v2"] } });
    expect((await send(proxy.url, "/h", { headers: { "X-Version": "V2" } })).json!.server).toBe("b");
    expect((await send(proxy.url, "/h", { headers: { "X-Version": "v1" } })).json!.server).toBe("a");
  });

  it.each([
    // [service path, route path, strip_path, request, upstream path] (get_upstream_uri_v0)
    [null, "/service", true, "/service/path", "/path"],
    [null, "/service", true, "/service", "/"],
    [null, "/service", false, "/service/path", "/service/path"],
    ["/upstream", "/service", true, "/service/path", "/upstream/path"],
    ["/upstream", "/service", true, "/service/", "/upstream/"],
    ["/upstream", "/service", true, "/service", "/upstream"],
    ["/upstream/", "/service", true, "/service", "/upstream"],
    ["/upstream/", "/service/", true, "/service/", "/upstream/"],
    ["/upstream", "/service", false, "/service/path", "/upstream/service/path"],
    ["/upstream/", "/service", false, "/service/path", "/upstream/service/path"],
    ["/up", "~/users/(\\d+)", true, "/users/7/orders?x=1", "/up/orders?x=1"],
  ])("service path %s, route %s, strip_path %s: %s goes upstream as %s", async (servicePath, routePath, strip, request, expected) => {
    await api("PATCH", "/services/svc-a", { path: servicePath });
    await route("svc-a", { paths: [routePath], strip_path: strip });
    const r = await send(proxy.url, request);
    expect(r.status, r.text).toBe(200);
    expect(r.json!.url).toBe(expected);
  });

  it("preserve_host sends the client's Host upstream; otherwise the service's host", async () => {
    await api("PATCH", "/services/svc-a", { host: "localhost" });
    await route("svc-a", { paths: ["/keep"], preserve_host: true });
    await route("svc-a", { paths: ["/swap"], preserve_host: false });
    expect((await send(proxy.url, "/keep", { host: "api.shop.example" })).json!.host).toBe("api.shop.example");
    expect((await send(proxy.url, "/swap", { host: "api.shop.example" })).json!.host).toBe(`localhost:${upstreams[0].port}`);
    const fwd = (await send(proxy.url, "/swap/x", { host: "api.shop.example" })).json!.headers as Record<string, string>;
    expect([fwd["x-forwarded-host"], fwd["x-forwarded-proto"], fwd["x-forwarded-prefix"]]).toEqual(["api.shop.example", "http", "/swap"]);
  });

  it("an https-only route answers plain HTTP with 426", async () => {
    await route("svc-a", { paths: ["/secure"], protocols: ["https"] });
    const r = await send(proxy.url, "/secure");
    expect(r.status).toBe(426);
    expect(r.json!.message).toBe("Please use HTTPS protocol");
  });

  it("routes of a disabled service are not routed", async () => {
    await route("svc-a", { paths: ["/off"] });
    expect(await who("/off")).toBe("a");
    await api("PATCH", "/services/svc-a", { enabled: false });
    expect(await who("/off")).toBe(404);
  });

  it("never connects to an address that is neither a sandbox pod nor loopback (502)", async () => {
    await api("PATCH", "/services/svc-a", { host: "10.0.0.1", port: 80 });
    await route("svc-a", { paths: ["/far"] });
    const r = await send(proxy.url, "/far");
    expect(r.status).toBe(502);
    expect(r.json!.message).toBe("An invalid response was received from the upstream server");
  });
});
