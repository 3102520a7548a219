import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

/** Kong's request id (X-Kong-Request-Id): 32 hex characters. */
export const newRequestId = () => randomBytes(16).toString("hex");

/**
 * kong.response.error: the JSON error template of kong/tools/http.lua with the message and the
 * request id, and the headers Kong sets on responses it produces itself.
 */
export function sendKongError(res: ServerResponse, status: number, message: string, o: { version: string; requestId: string; startedAt: number; headers?: Record<string, string> }): void {
  const body = `{\n  "message":"${message.replace(/"/g, '\\"')}",\n  "request_id":"${o.requestId}"\n}`;
  res.writeHead(status, {
    ...o.headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    Server: `kong/${o.version}`,
    "X-Kong-Response-Latency": String(Math.max(0, Math.round(performance.now() - o.startedAt))),
    "X-Kong-Request-Id": o.requestId,
  });
  res.end(body);
}
