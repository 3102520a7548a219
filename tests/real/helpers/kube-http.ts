// Raw HTTP to a Kubernetes API server, the sandbox (http) or the real one (https with its own CA),
// so that the differential suite sends byte-for-byte the same requests to both.
import http from "node:http";
import https from "node:https";

/** One API server to talk to. */
export type KubeTarget = { name: string; url: string; token: string; ca?: string };

/** A buffered answer; `json` is the parsed body (any JSON a server sends, read loosely by the tests). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeResponse = { status: number; headers: http.IncomingHttpHeaders; text: string; json: any };

/** Options of one request. */
export type KubeRequestOptions = { body?: unknown; contentType?: string; accept?: string; headers?: Record<string, string> };

function open(t: KubeTarget, method: string, path: string, o: KubeRequestOptions): { req: http.ClientRequest; payload?: string } {
  const u = new URL(path, t.url);
  const payload = o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
  const headers: Record<string, string> = { Authorization: `Bearer ${t.token}`, Accept: o.accept ?? "application/json", ...o.headers };
  if (payload !== undefined) {
    headers["Content-Type"] = o.contentType ?? "application/json";
    headers["Content-Length"] = String(Buffer.byteLength(payload));
  }
  const opts = { method, headers, agent: false as const };
  const req = u.protocol === "https:" ? https.request(u, { ...opts, ca: t.ca }) : http.request(u, opts);
  return { req, payload };
}

/** Sends one request and reads the whole answer. */
export function kubeHttp(t: KubeTarget, method: string, path: string, o: KubeRequestOptions = {}): Promise<KubeResponse> {
  return new Promise((resolve, reject) => {
    const { req, payload } = open(t, method, path, o);
    req.setTimeout(30_000, () => req.destroy(new Error(`${t.name}: ${method} ${path} timed out`)));
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.end(payload);
  });
}

/** An open watch: its status, the events read so far, and close(). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeWatch = { status: number; events: any[]; ended(): boolean; close(): void };

/** Opens a watch (or any streaming GET) and collects one JSON document per line. */
export function kubeWatch(t: KubeTarget, path: string, o: KubeRequestOptions = {}): Promise<KubeWatch> {
  return new Promise((resolve, reject) => {
    const { req } = open(t, "GET", path, o);
    req.on("error", reject);
    req.on("response", (res) => {
      const events: unknown[] = [];
      let ended = false;
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) events.push(JSON.parse(line));
        }
      });
      const done = () => {
        if (buf.trim()) {
          try {
            events.push(JSON.parse(buf));
          } catch {
            // A body that is not JSON is left out.
          }
        }
        buf = "";
        ended = true;
      };
      res.on("end", done);
      res.on("close", done);
      res.on("error", done);
      resolve({ status: res.statusCode ?? 0, events, ended: () => ended, close: () => req.destroy() });
    });
    req.end();
  });
}
