// The embedded PostgreSQL (PGlite) for a database-free start: persisted under the data
// directory and served over the Postgres wire protocol, so the same pg/Prisma code path
// serves it and a real server.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PgliteBatchingQueue } from "./pglite-batching-queue";
import { requirePassword } from "./embedded-auth";

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
    db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  } catch (err) {
    throw new Error(`cannot open the embedded database in ${dataDir ?? "memory"}: ${(err as Error).message}`);
  }
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
