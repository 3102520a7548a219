// Plain-fetch helpers for the Kong Admin API conformance suites (no client library in between).
import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { type SandboxGateway, startSandboxGateway } from "../../lib/sandbox/kong/index";

/** A parsed Admin API answer. */
export type ApiResult = {
  status: number;
  // Response bodies are asserted field by field; `any` keeps those assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
};

export type CallOptions = { headers?: Record<string, string>; raw?: string; contentType?: string };

/** Returns `api(method, path, body?)` bound to a base URL; bodies are sent as JSON unless `raw` is given. */
export function adminApi(baseUrl: string, defaults: Record<string, string> = {}) {
  return async function api(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<ApiResult> {
    const headers: Record<string, string> = { ...defaults, ...opts.headers };
    let payload: string | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && opts.contentType !== "") headers["content-type"] = opts.contentType ?? "application/json";
    const res = await fetch(baseUrl + path, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = null;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The full service Kong returns for `{host}` alone (checklist item 1). */
export function defaultService(host: string) {
  return {
    id: expectUuid(), created_at: expectSeconds(), updated_at: expectSeconds(),
    name: null, retries: 5, protocol: "http", host, port: 80, path: null,
    connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000, tags: null,
    client_certificate: null, tls_verify: null, tls_verify_depth: null, ca_certificates: null, enabled: true,
  };
}

export const expectUuid = () => expect.stringMatching(UUID_RE);
/** An integer Unix time in seconds close to now. */
export const expectSeconds = () =>
  expect.toSatisfy((v: unknown) => Number.isInteger(v) && Math.abs((v as number) - Date.now() / 1000) < 120);

/**
 * A request through node:http, for what fetch cannot send: a body without Content-Type (fetch
 * adds text/plain) or the header twice.
 */
export function rawRequest(baseUrl: string, method: string, path: string, body: string, headers: [string, string][] = []) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    // An array of headers is sent as is: Node then adds neither Host nor Content-Type.
    const all: [string, string][] = [["Host", new URL(baseUrl).host], ...headers];
    const req = request(baseUrl + path, { method, headers: all.flat() }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A sandbox gateway for one suite, emptied before each test: `gw` once the suite's beforeAll ran,
 * and `api`, the plain-fetch client of its Admin API.
 */
export function sandboxGatewaySuite() {
  let gw!: SandboxGateway;
  let client!: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    gw = await startSandboxGateway();
    client = adminApi(gw.url);
  });
  afterAll(() => gw?.stop());
  beforeEach(() => gw.store.clear());
  return {
    get gw() {
      return gw;
    },
    api: ((...args: Parameters<ReturnType<typeof adminApi>>) => client(...args)) as ReturnType<typeof adminApi>,
  };
}
