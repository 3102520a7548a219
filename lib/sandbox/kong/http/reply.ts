import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** What a handler answers; rendered by {@link sendReply}. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** Reads the whole request body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Writes a reply with the headers Kong's Admin API sends on every response. */
export function sendReply(res: ServerResponse, reply: Reply, opts: { version: string; startedAt: number; head?: boolean }) {
  const headers: Record<string, string> = {
    "Access-Control-Allow-Origin": "*",
    "X-Kong-Admin-Latency": String(Math.max(0, Math.round(performance.now() - opts.startedAt))),
    "X-Kong-Admin-Request-ID": randomBytes(16).toString("hex"),
    Server: `kong/${opts.version}`,
    ...reply.headers,
  };
  let payload = "";
  if (reply.body !== undefined && reply.status !== 204 && reply.status !== 304) {
    payload = JSON.stringify(reply.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(opts.head ? undefined : payload);
}
