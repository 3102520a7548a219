// Request/response plumbing shared by the sandbox's handlers. Every response is JSON with
// Content-Type application/json: client-node refuses to parse a body without it (§1.1).
import type { IncomingMessage, ServerResponse } from "node:http";
import YAML from "yaml";
import { decodeProtobuf } from "./protobuf";
import { apiErrors, toStatus } from "./status-errors";

/** The request size limit of kube-apiserver (3 MiB). */
const MAX_BODY = 3 * 1024 * 1024;

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body) + "\n";
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

/** Writes the Status of any thrown value. */
export function sendError(res: ServerResponse, err: unknown): void {
  const status = toStatus(err);
  sendJson(res, status.code, status);
}

/** Reads the whole body (413 past 3 MiB). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw apiErrors.tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON (or YAML, by Content-Type) body; undefined when empty. */
export function parseBody(buf: Buffer, contentType: string | undefined): unknown {
  const text = buf.toString("utf8");
  if (!text.trim()) return undefined;
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  // kubectl's typed clients (`create namespace`) send protobuf; only Namespaces are decoded.
  if (type === "application/vnd.kubernetes.protobuf") {
    const decoded = decodeProtobuf(buf);
    if (decoded) return decoded;
  }
  if (type.startsWith("application/vnd.kubernetes.protobuf") || type === "application/cbor") {
    throw apiErrors.unsupportedMediaType(["application/json", "application/yaml"]);
  }
  try {
    return type === "application/yaml" || type === "application/apply-patch+yaml" ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw apiErrors.badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}

/**
 * A boolean query parameter read as the API server reads it (apimachinery's
 * Convert_Slice_string_To_bool): absent, "0" or "false" in any case is false; any other value,
 * the empty string and Python's "True" included, is true.
 */
export function flag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  return v !== "0" && v.toLowerCase() !== "false";
}

/** An integer query parameter, read as strconv.ParseInt reads it (400 with its message when present but not one, "" included). */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw apiErrors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = BigInt(v);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw apiErrors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  return Number(n);
}
