// One HTTP(S) request to a URL that passed checkOutboundUrl, connected to the addresses that were
// checked: node's `lookup` is replaced, so a DNS answer that changes after the check (DNS
// rebinding) cannot redirect the connection. The Host header and the TLS server name (SNI and
// certificate check) still use the URL's host name. Redirects are not followed.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { LookupFunction } from "node:net";
import type { CheckedUrl } from "./url-guard";

export type PinnedRequestInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** the whole exchange (connect, send, read the answer) must finish within this time */
  timeoutMs: number;
  signal?: AbortSignal;
  /** read at most this much of the answer, then stop (default 64 KiB) */
  maxResponseBytes?: number;
  /** close the connection once the answer passes maxResponseBytes (resolves with truncated: true) */
  abortPastLimit?: boolean;
};

export type PinnedResponse = {
  status: number;
  statusText: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** the answer was longer than maxResponseBytes (body holds its start only) */
  truncated: boolean;
};

/** Sends the request and resolves with the status (any status); rejects on network errors and timeouts. */
export function sendPinned(target: CheckedUrl, init: PinnedRequestInit): Promise<PinnedResponse> {
  const { url, addresses } = target;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const body = init.body ?? "";
  const limit = init.maxResponseBytes ?? 64 * 1024;
  const options: https.RequestOptions = {
    method: init.method ?? "POST",
    hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: { ...init.headers, ...(init.method === "GET" || init.method === "HEAD" ? {} : { "content-length": String(Buffer.byteLength(body)) }) },
    // A fresh connection per request: a pooled socket would skip the pinned lookup.
    agent: false,
    lookup: pinnedLookup(addresses),
    ...(url.protocol === "https:" && !net.isIP(hostname) ? { servername: hostname } : {}),
  };
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<PinnedResponse>((resolve, reject) => {
    const req = mod.request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        finish();
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: res.headers, truncated: size > limit });
      };
      res.on("data", (chunk: Buffer) => {
        if (size < limit) chunks.push(chunk.subarray(0, limit - size));
        size += chunk.length;
        // Past the limit: stop reading (a huge answer is not downloaded to be thrown away).
        if (init.abortPastLimit && size > limit) {
          done();
          res.destroy();
        }
      });
      res.on("end", done);
      res.on("error", fail);
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${init.timeoutMs} ms`)), init.timeoutMs);
    const onAbort = () => req.destroy(new Error("aborted"));
    init.signal?.addEventListener("abort", onAbort, { once: true });
    if (init.signal?.aborted) onAbort();
    function finish() {
      clearTimeout(timer);
      init.signal?.removeEventListener("abort", onAbort);
    }
    function fail(err: Error) {
      finish();
      reject(err);
    }
    req.on("error", fail);
    req.end(body);
  });
}

/** A `lookup` for node's net/http that answers with the checked addresses, whatever the name. */
export function pinnedLookup(addresses: string[]): LookupFunction {
  const all = addresses.map((address) => ({ address, family: net.isIP(address) }));
  return ((_hostname: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (opts?.all) callback(null, all);
    else callback(null, all[0].address, all[0].family);
  }) as unknown as LookupFunction;
}
