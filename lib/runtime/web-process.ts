// Runs the Next.js server as a child process, building it first when the build is missing
// or older than the sources; or, for small installs (SIGNPOST_SINGLE_PROCESS), in this process.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { logger } from "../log";
import { loadConfig } from "../env";
import { withMallocArenas } from "./malloc-arenas";
import { burstCollector, REQUEST_UNITS } from "../util/collect-after-bursts";

const ROOT = process.cwd();
/** The preload that records each request's socket address (bin/peer-address.mjs). */
export const PEER_ADDRESS = path.join(ROOT, "bin", "peer-address.mjs");
/** The catalog's hot reads without Next's request pipeline (bin/direct-routes.mjs). */
export const DIRECT_ROUTES = path.join(ROOT, "bin", "direct-routes.mjs");
/** The preload with Signpost's V8 settings (bin/v8-settings.mjs; bin/signpost.mjs imports it too). */
export const V8_SETTINGS = path.join(ROOT, "bin", "v8-settings.mjs");
const SOURCES = ["app", "components", "lib", "instrumentation.ts", "proxy.ts", "next.config.ts", "package.json", "postcss.config.mjs"];

/** True when `.next` has no build or a source file is newer than it. */
export function buildIsStale(): boolean {
  const id = path.join(ROOT, ".next", "BUILD_ID");
  if (!fs.existsSync(id)) return true;
  const built = fs.statSync(id).mtimeMs;
  const newer = (p: string): boolean => {
    if (!fs.existsSync(p)) return false;
    const st = fs.statSync(p);
    if (st.isFile()) return st.mtimeMs > built && !p.includes(`${path.sep}generated${path.sep}`) && !p.endsWith(".test.ts");
    return fs.readdirSync(p).some((f) => f !== "node_modules" && newer(path.join(p, f)));
  };
  return SOURCES.some((s) => newer(path.join(ROOT, s)));
}

/** Runs `next build`; rejects if it fails. */
export async function buildWeb(env: NodeJS.ProcessEnv): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), "build"], { cwd: ROOT, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
    child.on("error", reject);
  });
}

/** Reads the built app's Next.js configuration (bin/built-next-config.mjs). */
const BUILT_NEXT_CONFIG = path.join(ROOT, "bin", "built-next-config.mjs");
/** Next.js's production server without `next start`'s reloading of next.config.ts (bin/web-server.mjs). */
export const WEB_SERVER = path.join(ROOT, "bin", "web-server.mjs");

/**
 * Node flags of the web server: semi-spaces of at most 8 MiB (V8's default here is 16). Once a
 * burst of reads has grown the young generation, V8 keeps both semi-spaces committed for good: a
 * compacting collection (bin/heap-after-bursts.mjs) empties them but gives nothing back, so the
 * young generation's ceiling is resident at rest. With 8 MiB the web server held 174.9-177.8 MiB
 * at rest against 201.7-223.9 MiB on V8's default, list p95 10.8-11.6 ms against 9.1-9.3 ms
 * (docs/benchmarks.md, eighth round). Tighter still (`--max-semi-space-size=4
 * --heap-growing-percent=30`) cost reads (fifth round: list p95 19-44 ms against 14-15 ms), the
 * growth flag most. Kept as a list so that the web image's CMD and `npm run bench` stay in step
 * (a unit test compares the Dockerfile).
 */
export const WEB_NODE_FLAGS: string[] = ["--max-semi-space-size=8"];

/** Node's arguments for the web server on `host`:`port`: its heap flags, Signpost's V8 settings, and each request stamped with its peer address. */
export function webServerArgs(host: string, port: number): string[] {
  return [...WEB_NODE_FLAGS, "--import", pathToFileURL(V8_SETTINGS).href, "--import", pathToFileURL(PEER_ADDRESS).href, WEB_SERVER, host, String(port)];
}

/** Starts the web server (Next.js's, on the built app) on `host`:`port` with `env` and two malloc arenas (webServerArgs, malloc-arenas.ts). */
export function startWeb(host: string, port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, webServerArgs(host, port), {
    cwd: ROOT,
    env: withMallocArenas(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Next's own banner is noise next to ours; its errors and request logs are not.
  child.stdout?.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.trim() && !/^\s*([▲✓-]|Local:|Network:|Ready in|Starting)/.test(line)) process.stdout.write(line + "\n");
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(d));
  child.on("error", (err) => logger.error("web server failed to start", { error: err.message }));
  return child;
}

/**
 * Serves the built web app from this process, next to the worker: one Node.js process (and one
 * heap) for a small install. The web code reads its settings from process.env, hence `env` is
 * merged into it; requests get their peer address from bin/peer-address.mjs as in a child.
 */
export async function startWebInProcess(host: string, port: number, env: NodeJS.ProcessEnv): Promise<{ close(): Promise<void> }> {
  Object.assign(process.env, env);
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  await import(pathToFileURL(PEER_ADDRESS).href);
  const { applyBuiltNextConfig } = (await import(pathToFileURL(BUILT_NEXT_CONFIG).href)) as { applyBuiltNextConfig(dir: string): object };
  const conf = applyBuiltNextConfig(ROOT);
  const { default: next } = (await import("next")) as unknown as { default: (o: { dev: boolean; dir: string; hostname: string; port: number; conf: object }) => NextApp };
  const app = next({ dev: false, dir: ROOT, hostname: host, port, conf });
  await app.prepare();
  const handle = app.getRequestHandler();
  const { createDirectRouter } = (await import(pathToFileURL(DIRECT_ROUTES).href)) as { createDirectRouter(dir: string): DirectRouter | null };
  const direct = createDirectRouter(ROOT);
  // the worker's collector of this process counts requests too: its heap grows by V8's factor
  // through a burst of reads as through a burst of writes (bin/heap-after-bursts.mjs)
  const bursts = burstCollector();
  const server = http.createServer((req, res) => {
    bursts.note(REQUEST_UNITS);
    if (direct?.(req, res)) return;
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        void app.close?.();
      }),
  };
}

/** bin/direct-routes.mjs: true when it took the request */
type DirectRouter = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
type NextApp = { prepare(): Promise<void>; getRequestHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>; close?(): Promise<void> };

/** The address to reach a server listening on `host` from this machine (any interface: loopback). */
export function localAddress(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "[::]") return "127.0.0.1";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * Polls /api/health until it answers ok, the child exits, or the time runs out. The web server
 * says why it is not ready to admins only: the bootstrap token is sent when there is one.
 */
export async function waitHealthy(host: string, port: number, child: ChildProcess | null, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const admin = loadConfig().SIGNPOST_ADMIN_TOKEN;
  const headers: Record<string, string> = admin ? { authorization: `Bearer ${admin}` } : {};
  let exited: number | null = null;
  child?.once("exit", (code) => (exited = code ?? 1));
  let last = "";
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the web server exited (code ${exited}) before it was ready${last ? `: ${last}` : ""}`);
    try {
      const res = await fetch(`http://${localAddress(host)}:${port}/api/health`, { headers });
      const body = (await res.json().catch(() => ({}))) as { status?: string; error?: string };
      if (res.ok && body.status === "ok") return;
      last = body.error ?? `HTTP ${res.status}`;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the web server was not ready within ${timeoutMs / 1000} s${last ? `: ${last}` : ""}`);
}

function nextBin(): string {
  return path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
}
