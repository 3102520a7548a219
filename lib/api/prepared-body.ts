// A response body prepared once and answered many times: a list page kept per catalog version, a
// resolve answer kept until an event names its API. Written into a Response, undici measures the
// text (flattening a joined string into one more copy), encodes it into a stream, and the direct
// routes (bin/direct-routes.mjs) then read that stream back and gzip it again: three copies and a
// compression per request, which under load filled the web server's young generation and had the
// objects of requests in flight promoted to its old one. A Response made by preparedResponse()
// carries its PreparedBody instead: the direct routes write the text (or its gzip, compressed once
// per body) to the socket themselves, and route() gives any other caller (Next.js, tests, MCP) a
// Response with the text as its body (materialised()).
import zlib from "node:zlib";
import { promisify } from "node:util";

const gzipAsync = promisify(zlib.gzip);

/** Shared with bin/direct-routes.mjs, which is not bundled with the route modules. */
const BODIES = Symbol.for("signpost.preparedBodies");
const DIRECT = Symbol.for("signpost.directRequests");
type Global = { [BODIES]?: WeakMap<Response, PreparedBody>; [DIRECT]?: WeakSet<Request> };
const g = globalThis as Global;
const bodies = (g[BODIES] ??= new WeakMap());
const direct = (g[DIRECT] ??= new WeakSet());

/** Text answered as it is, its UTF-8 length and its gzip (level 6, as Next compresses) computed once. */
export class PreparedBody {
  private length?: number;
  private gz?: Promise<Buffer>;

  constructor(readonly text: string) {}

  /** Its size in UTF-8 bytes. */
  get byteLength(): number {
    return (this.length ??= Buffer.byteLength(this.text));
  }

  /** Its gzip, compressed on the first call (off the event loop) and kept. */
  gzipped(): Promise<Buffer> {
    return (this.gz ??= gzipAsync(this.text, { level: 6 }));
  }

  /** True when `other` holds the same text: a recomputed page that can keep this one (and its gzip). */
  sameAs(other: PreparedBody): boolean {
    return this.text === other.text;
  }
}

/** A Response for `body`: it has no body of its own; direct routes write `body`, route() materialises it for everyone else. */
export function preparedResponse(body: PreparedBody, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const res = new Response(null, init);
  bodies.set(res, body);
  return res;
}

/** The prepared body a Response carries, if any. */
export function preparedBodyOf(res: Response): PreparedBody | undefined {
  return bodies.get(res);
}

/** Notes that bin/direct-routes.mjs made `req` and writes its answer itself. */
export function markDirect(req: Request): void {
  direct.add(req);
}

/** `res` as a complete Response for `req`: the text as its body, unless the direct routes write it. */
export function materialised(req: Request, res: Response): Response {
  const body = bodies.get(res);
  if (!body || direct.has(req)) return res;
  return new Response(body.text, { status: res.status, statusText: res.statusText, headers: res.headers });
}
