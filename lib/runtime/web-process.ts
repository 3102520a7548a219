// Runs the Next.js server as a child process, building it first when the build is missing
// or older than the sources; or, for small installs (SIGNPOST_SINGLE_PROCESS), in this process.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { logger } from "../log";
import { loadConfig } from "../env";

const ROOT = process.cwd();
/** The preload that records each request's socket address (bin/peer-address.mjs). */
export const PEER_ADDRESS = path.join(ROOT, "bin", "peer-address.mjs");
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

/** Starts `next start` on `host`:`port` with `env`, each request stamped with its peer address. */
export function startWeb(host: string, port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ["--import", pathToFileURL(PEER_ADDRESS).href, nextBin(), "start", "-H", host, "-p", String(port)], {
    cwd: ROOT,
    env,
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
  const { default: next } = (await import("next")) as unknown as { default: (o: { dev: boolean; dir: string; hostname: string; port: number }) => NextApp };
  const app = next({ dev: false, dir: ROOT, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
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
