// The embedded PostgreSQL (PGlite) for a database-free start: persisted under the data
// directory and served over the Postgres wire protocol, so the same pg/Prisma code path
// serves it and a real server.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PgliteBatchingQueue } from "./pglite-batching-queue";
import { requirePassword } from "./embedded-auth";
import { collectGarbage } from "../util/collect-garbage";

/**
 * PostgreSQL settings of the embedded database. PGlite keeps the buffer pool inside its
 * WebAssembly memory, and its default (initdb's 128 MB) was resident in full: 32 MB cuts the
 * process by about 115 MiB (docs/benchmarks.md); pages beyond it are read again from the files,
 * which the operating system caches.
 */
export const EMBEDDED_SETTINGS = ["-c", "shared_buffers=32MB"];

export type EmbeddedDb = { url: string; port: number; dataDir: string | undefined; stop(): Promise<void> };

/**
 * Starts PGlite and a socket server on 127.0.0.1 that asks every connection for `password`
 * (SCRAM-SHA-256; PGlite alone would accept any).
 * @param dataDir where the database lives; undefined keeps it in memory (tests)
 * @param port 0 for any free port
 * @param password default: a random one, known only to the returned URL
 */
export async function startEmbeddedDb(dataDir: string | undefined, port = 0, password = crypto.randomBytes(24).toString("base64url")): Promise<EmbeddedDb> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  let db: PGlite;
  try {
    if (dataDir && fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) throw new Error("it is not a directory");
    // A new persisted database is made by a child process (bin/create-embedded-db.mjs), so that
    // initdb's memory never is this process's.
    if (dataDir && !fs.existsSync(path.join(dataDir, "PG_VERSION"))) await createInChildProcess(dataDir);
    db = await PGlite.create({ dataDir, extensions: { pg_trgm }, startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] });
  } catch (err) {
    throw new Error(`cannot open the embedded database in ${dataDir ?? "memory"}: ${(err as Error).message}`);
  }
  // In memory, initdb ran here, in a PGlite instance of its own: its WebAssembly memories (about
  // 430 MiB) are garbage now, and a quiet process kept them resident for minutes.
  if (!dataDir) collectGarbage();
  // PGlite is one connection underneath; the server multiplexes up to 8 client connections.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 8 });
  // Replace the per-message queue before any connection is accepted (see pglite-batching-queue.ts).
  (server as unknown as { queryQueue: unknown }).queryQueue = new PgliteBatchingQueue(db);
  requirePassword(server as unknown as Parameters<typeof requirePassword>[0], password);
  try {
    await server.start();
  } catch (err) {
    await db.close().catch(() => {});
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`port ${port} for the embedded database is in use (SIGNPOST_EMBEDDED_DB_PORT)`);
    throw err;
  }
  const actualPort = Number(server.getServerConn().split(":").pop());
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${actualPort}/postgres?sslmode=disable`,
    port: actualPort,
    dataDir,
    async stop() {
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
    },
  };
}

/** The script that creates a database: in bin/ of the checkout or package this module runs from (lib/ or dist/lib/). */
function createScript(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const script = path.join(dir, "bin", "create-embedded-db.mjs");
    if (fs.existsSync(script)) return script;
  }
  throw new Error(`bin/create-embedded-db.mjs not found above ${import.meta.dirname}`);
}

/** Runs initdb for `dataDir` in a child process; rejects with what it printed if it fails. */
async function createInChildProcess(dataDir: string): Promise<void> {
  const child = spawn(process.execPath, [createScript(), dataDir], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`creating the database failed (exit ${code}): ${stderr.trim().split("\n").slice(-2).join(" ") || "no output"}`);
}
