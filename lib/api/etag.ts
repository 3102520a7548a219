// ETag and If-None-Match for single resources: 304 when the client's copy is current.
import crypto from "node:crypto";

/** A JSON response with a strong ETag of its body, or 304 when If-None-Match matches it. */
export function jsonWithEtag(req: Request, value: unknown, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify(value);
  const etag = `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const common = { etag, "cache-control": "no-cache", ...headers };
  const inm = req.headers.get("if-none-match");
  if (inm && inm.split(",").map((s) => s.trim().replace(/^W\//, "")).includes(etag)) return new Response(null, { status: 304, headers: common });
  return new Response(body, { status: 200, headers: { "content-type": "application/json", ...common } });
}

/** A stored document with a known strong ETag (its hash), or 304 when If-None-Match matches it. */
export function bytesWithEtag(req: Request, body: Buffer, etag: string, contentType: string, headers: Record<string, string> = {}): Response {
  const common = { etag, "cache-control": "no-cache", ...headers };
  const inm = req.headers.get("if-none-match");
  if (inm && (inm.trim() === "*" || inm.split(",").map((s) => s.trim().replace(/^W\//, "")).includes(etag))) return new Response(null, { status: 304, headers: common });
  return new Response(new Uint8Array(body), { status: 200, headers: { "content-type": contentType, ...common } });
}
