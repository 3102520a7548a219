// The catalog's hot reads, answered without Next.js's request pipeline. Next's routing, request
// adaptation and response piping cost about 1.5 ms of CPU per request on this 2-core machine
// (docs/benchmarks.md), more than a resolve from memory or a list page costs. For a few GET routes
// the web server calls the very route handler Next would call (the same module instance, from the
// build in .next/server), with a standard Request, and writes its Response itself, with the
// headers next.config.ts gives every answer (read from .next/routes-manifest.json), the Vary and
// gzip that Next adds, and, for a blocking read, the client's disconnect as its abort signal.
// Everything else, and any request whose route module cannot be loaded, goes to Next as before.
// SIGNPOST_DIRECT_ROUTES=off sends every request through Next.
// bin/web-server.mjs installs it (installDirectRoutes); the web image preloads
// bin/direct-routes-preload.mjs in front of Next's standalone server.js; `signpost start
// --single-process` calls createDirectRouter for its own server.
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { requestBursts } from "./heap-after-bursts.mjs";
import { peerAddress } from "./peer-address.mjs";

/** gzip at Next's level, off the event loop (libuv's thread pool) */
const gzipAsync = promisify(zlib.gzip);
const gzip6 = (buf) => gzipAsync(buf, { level: 6 });

/** GET routes served directly: path pattern, the app route folder, its dynamic segment. Static paths first, as Next matches them. */
const ROUTES = [
  { pattern: /^\/api\/v1\/apis$/, folder: "api/v1/apis" },
  { pattern: /^\/api\/v1\/apis\/facets$/, folder: "api/v1/apis/facets" },
  { pattern: /^\/api\/v1\/apis\/(?!facets$|manifest$)([^/]+)$/, folder: "api/v1/apis/[id]", param: "id" },
  { pattern: /^\/api\/v1\/resolve\/([^/]+)$/, folder: "api/v1/resolve/[name]", param: "name" },
];

/**
 * Shared with lib/api/prepared-body.ts (bundled into the route modules): the Requests made here,
 * whose handlers answer a prepared body by reference, and the body each such Response carries.
 */
const DIRECT = (globalThis[Symbol.for("signpost.directRequests")] ??= new WeakSet());
const PREPARED = (globalThis[Symbol.for("signpost.preparedBodies")] ??= new WeakMap());

/** Answers smaller than this are sent as they are (the threshold of Next's compression). */
const GZIP_MIN_BYTES = 1024;

/**
 * The direct router of the built app in `dir`: (req, res) => true when it took the request.
 * Null when SIGNPOST_DIRECT_ROUTES=off or the build's header rules are ones it does not apply.
 */
export function createDirectRouter(dir, log = (msg) => console.error(msg)) {
  if (process.env.SIGNPOST_DIRECT_ROUTES === "off") return null;
  let headerRules;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, ".next", "routes-manifest.json"), "utf8"));
    if (manifest.basePath || (manifest.headers ?? []).some((r) => r.has || r.missing)) return null;
    headerRules = (manifest.headers ?? []).map((r) => ({ regex: new RegExp(r.regex), headers: r.headers }));
  } catch (err) {
    log(`direct routes off: ${err.message}`);
    return null;
  }
  const requireFromApp = createRequire(path.join(dir, "package.json"));
  /** folder -> its GET handler once loaded; null when it cannot be (Next serves that route) */
  const handlers = new Map();
  const load = (folder) => {
    handlers.set(folder, undefined);
    (async () => {
      const mod = requireFromApp(path.join(dir, ".next", "server", "app", folder, "route.js"));
      await mod.routeModule.ensureUserland();
      const get = mod.routeModule.userland.GET;
      if (typeof get !== "function") throw new Error("it has no GET handler");
      handlers.set(folder, get);
    })().catch((err) => {
      handlers.set(folder, null);
      log(`direct route ${folder} is served by Next.js: ${err.message}`);
    });
  };

  return function directRoute(req, res) {
    if (req.method !== "GET") return false;
    const q = req.url.indexOf("?");
    const pathname = q < 0 ? req.url : req.url.slice(0, q);
    let match;
    let route;
    for (const r of ROUTES) {
      match = r.pattern.exec(pathname);
      if (match) {
        route = r;
        break;
      }
    }
    if (!route) return false;
    let params = {};
    if (route.param) {
      try {
        params = { [route.param]: decodeURIComponent(match[1]) };
      } catch {
        // Next answers a malformed escape with a plain-text 500; this is the caller's mistake.
        const body = JSON.stringify({ error: { code: "bad_request", message: `invalid path: ${route.param} is not valid percent-encoded UTF-8` } });
        void write(req, res, new Response(body, { status: 400, headers: { "content-type": "application/json" } }));
        return true;
      }
    }
    // A route's module is loaded on its first request, which Next serves meanwhile.
    if (!handlers.has(route.folder)) load(route.folder);
    const get = handlers.get(route.folder);
    if (!get) return false;
    let request;
    try {
      request = toRequest(req, res);
    } catch {
      return false; // a Host header no URL can carry: Next answers it as it always did
    }
    DIRECT.add(request);
    void serve(req, res, get, request, params);
    return true;
  };

  /**
   * The standard Request of `req`. A blocking read (`?wait=`) gets a signal the client's
   * disconnect aborts, so that it stops waiting; the others answer at once, and a signal passed to
   * a Request costs undici a listener and a finalizer entry that outlive the request by a collection.
   */
  function toRequest(req, res) {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    headers.set("x-signpost-peer", peerAddress(req));
    const url = `http://${req.headers.host ?? "localhost"}${req.url}`;
    if (!/[?&]wait=/.test(req.url)) return new Request(url, { method: "GET", headers });
    const abort = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    return new Request(url, { method: "GET", headers, signal: abort.signal });
  }

  async function serve(req, res, get, request, params) {
    try {
      await write(req, res, await get(request, { params: Promise.resolve(params) }));
    } catch (err) {
      // route() answers every error itself: this is a failure to write the answer.
      log(`direct route ${request.url} failed: ${err.message}`);
      if (res.headersSent) return void res.destroy(err);
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal", message: "internal error" } }));
    }
  }

  async function write(req, res, response) {
    const pathname = req.url.split("?")[0];
    const out = {};
    for (const rule of headerRules) if (rule.regex.test(pathname)) for (const h of rule.headers) out[h.key] = h.value;
    const cookies = response.headers.getSetCookie();
    response.headers.forEach((value, key) => {
      if (key !== "set-cookie") out[key] = value;
    });
    if (cookies.length) out["set-cookie"] = cookies;
    out.vary = out.vary ? `${out.vary}, Accept-Encoding` : "Accept-Encoding";
    const status = response.status;
    const gzip = /\bgzip\b/i.test(req.headers["accept-encoding"] ?? "") && !out["content-encoding"];
    const prepared = PREPARED.get(response);
    if (prepared) {
      // written as prepared: its text, or its gzip compressed once per body
      const zipped = gzip && prepared.byteLength >= GZIP_MIN_BYTES;
      const body = zipped ? await prepared.gzipped() : prepared.text;
      if (zipped) out["content-encoding"] = "gzip";
      out["content-length"] = String(zipped ? body.length : prepared.byteLength);
      res.writeHead(status, out);
      return void res.end(body);
    }
    if (!response.body || status === 204 || status === 304) {
      res.writeHead(status, out);
      return void res.end();
    }
    const streaming = (out["content-type"] ?? "").startsWith("text/event-stream") || (out["content-type"] ?? "").startsWith("text/csv");
    if (streaming) {
      // Streams (CSV export) are piped as they come.
      res.writeHead(status, out);
      const body = Readable.fromWeb(response.body);
      body.on("error", (err) => res.destroy(err));
      return void body.pipe(res);
    }
    let body = Buffer.from(await response.arrayBuffer());
    if (gzip && body.length >= GZIP_MIN_BYTES) {
      body = await gzip6(body);
      out["content-encoding"] = "gzip";
    }
    out["content-length"] = String(body.length);
    res.writeHead(status, out);
    res.end(body);
  }
}

/**
 * Offers every HTTP request of this process to the direct router of the app in `dir` before its
 * server sees it, and counts it toward the heap's bursts (bin/heap-after-bursts.mjs). Only for a
 * process whose one HTTP server is Next's (the web server).
 */
export function installDirectRoutes(dir) {
  const directRoute = createDirectRouter(dir);
  const bursts = requestBursts();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, res) {
    if (event === "request") {
      bursts.note();
      if (directRoute?.(req, res)) return true;
    }
    return emit.apply(this, arguments);
  };
}
