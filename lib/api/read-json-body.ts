// Reads a JSON request body under a size limit while it arrives: a declared Content-Length over
// the limit is refused before reading, and a body without one (chunked) is read only up to the
// limit, then the rest is left unread. Either way: 413, never the whole body in memory first.
import { ApiError } from "./errors";

/** The parsed JSON body; 415 when not JSON, 413 past `maxBytes`, 400 when empty or malformed. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", `the body must be JSON (Content-Type: application/json), not "${type || "none"}"`);
  }
  const text = (await readBodyBytes(req, maxBytes)).toString("utf8");
  if (!text.trim()) throw new ApiError("bad_request", "the request body is empty; a JSON object is expected");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError("bad_request", `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The body's bytes, read up to `maxBytes` (413 past it, before reading when Content-Length says so). */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new ApiError("payload_too_large", `the body is larger than ${maxBytes} bytes`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      // The client went away mid-body (a preview superseded as the user types): its fault, not a 5xx.
      throw new ApiError("bad_request", `the request body could not be read: ${(err as Error).message}`);
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
