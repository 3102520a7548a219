import { describe, expect, it } from "vitest";
import { backendHint } from "./backend-hint";
import { routeOrigin } from "./route-origin";
import type { KongRoute, KongService } from "../schemas";

const svc = (over: Partial<KongService>): KongService =>
  ({ id: "s1", name: null, protocol: "http", host: "example.com", port: 80, path: null, retries: 5, connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000, tls_verify: null, client_certificate: null, enabled: true, tags: null, created_at: 0, updated_at: 0, ...over }) as KongService;
const route = (over: Partial<KongRoute>): KongRoute => ({ id: "r1", name: null, protocols: null, methods: null, hosts: null, paths: null, headers: null, snis: null, service: { id: "s1" }, strip_path: false, preserve_host: true, regex_priority: 0, https_redirect_status_code: 426, path_handling: "v0", request_buffering: true, response_buffering: true, expression: null, priority: null, tags: null, created_at: 0, updated_at: 0, ...over }) as KongRoute;

describe("backendHint", () => {
  it("reads KIC's k8s-* tags first (uid included)", () => {
    expect(
      backendHint(svc({ name: "shop.usermgr.80", host: "usermgr.shop.80.svc", tags: ["k8s-name:usermgr", "k8s-namespace:shop", "k8s-kind:Service", "k8s-uid:abc", "k8s-version:v1"] })),
    ).toEqual({ namespace: "shop", name: "usermgr", uid: "abc", port: 80, via: "tags" });
  });
  it("ignores KIC's placeholder for a missing backend", () => {
    expect(backendHint(svc({ name: "x", host: "h", tags: ["k8s-name:UNKNOWN", "k8s-namespace:shop", "k8s-kind:Service"] }))).toBeUndefined();
  });
  it("falls back to KIC 3.x naming and the upstream host", () => {
    expect(backendHint(svc({ name: "foo-namespace.foo-svc.http", host: "foo-svc.foo-namespace.http.svc" }))).toEqual({ namespace: "foo-namespace", name: "foo-svc", port: "http", via: "name" });
  });
  it("falls back to KIC 2.x naming", () => {
    expect(backendHint(svc({ name: "default.httpbin.pnum-80", host: "anything" }))).toEqual({ namespace: "default", name: "httpbin", port: 80, via: "name" });
    expect(backendHint(svc({ name: "default.httpbin.pname-web", host: "anything" }))).toEqual({ namespace: "default", name: "httpbin", port: "web", via: "name" });
  });
  it("links a service whose host is a cluster DNS name", () => {
    expect(backendHint(svc({ name: "payments", host: "payments.pay.svc.cluster.local", port: 8080 }))).toEqual({ namespace: "pay", name: "payments", port: 8080, via: "host" });
    expect(backendHint(svc({ name: "payments", host: "payments.pay.svc", port: 80 }))).toEqual({ namespace: "pay", name: "payments", port: 80, via: "host" });
    expect(backendHint(svc({ name: "ext", host: "api.partner.example" }))).toBeUndefined();
  });
});

describe("routeOrigin", () => {
  it("reads the Ingress from tags", () => {
    expect(routeOrigin(route({ tags: ["k8s-name:shop-api", "k8s-namespace:shop", "k8s-kind:Ingress", "k8s-uid:u1"] }))).toEqual({ kind: "Ingress", namespace: "shop", name: "shop-api", uid: "u1" });
  });
  it("parses KIC 3.x route names, where Ingress names and hosts may contain dots", () => {
    const s = svc({ name: "shop.usermgr.80", host: "usermgr.shop.80.svc" });
    expect(routeOrigin(route({ name: "shop.shop.api.v1.usermgr.api.shop.example.80" }), s)).toEqual({ kind: "Ingress", namespace: "shop", name: "shop.api.v1" });
    expect(routeOrigin(route({ name: "default.httpbin.httpbin..80" }), svc({ name: "default.httpbin.80", host: "httpbin.default.80.svc" }))).toEqual({ kind: "Ingress", namespace: "default", name: "httpbin" });
  });
  it("parses KIC 2.x and Gateway API route names", () => {
    expect(routeOrigin(route({ name: "default.demo.00" }), svc({ name: "default.httpbin.pnum-80", host: "x" }))).toEqual({ kind: "Ingress", namespace: "default", name: "demo" });
    expect(routeOrigin(route({ name: "httproute.default.httpbin.0.0" }))).toEqual({ kind: "HTTPRoute", namespace: "default", name: "httpbin" });
  });
});
