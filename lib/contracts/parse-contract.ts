// Reads an API's contract: an OpenAPI 3.0 or 3.1 document as JSON or YAML text. The bytes are
// kept as given (the stored version is exactly what was sent); the parsed document is validated
// by @apidevtools/swagger-parser against the OpenAPI schemas, with external references off (a
// document must never make the server fetch anything). Problems become ContractError with the
// JSON pointer of the failing part when there is one.
import crypto from "node:crypto";
import YAML from "yaml";

export type ContractFormat = "json" | "yaml";

/** An OpenAPI document as plain data (the parser's types are not needed past validation). */
export type OpenApiDocument = Record<string, unknown> & { openapi: string };

export type ParsedContract = {
  bytes: Buffer;
  format: ContractFormat;
  /** the document's `openapi` version, e.g. 3.1.0 */
  openapi: string;
  document: OpenApiDocument;
  /** sha256 (hex) of the bytes */
  hash: string;
};

/** malformed: not JSON/YAML text; not_openapi: not an OpenAPI 3.0/3.1 document; invalid: fails validation. */
export type ContractProblem = "malformed" | "not_openapi" | "invalid";

/** Why a document is refused; `pointer` is the JSON pointer of the failing part, when known. */
export class ContractError extends Error {
  constructor(
    readonly problem: ContractProblem,
    message: string,
    readonly pointer?: string,
  ) {
    super(message);
    this.name = "ContractError";
  }
}

const OPENAPI_VERSION = /^3\.[01]\.\d+(-[\w.]+)?$/;

/** The format a Content-Type names, or null when it names neither JSON nor YAML. */
export function formatOfContentType(contentType: string | null | undefined): ContractFormat | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (/^application\/([\w.-]+\+)?json$/.test(type)) return "json";
  if (/^(application|text)\/(x-)?yaml$/.test(type) || /^application\/[\w.-]+\+yaml$/.test(type) || type === "application/vnd.oai.openapi") return "yaml";
  return null;
}

/** JSON when the text starts with "{" (JSON is also YAML, but kept and served as JSON). */
export function sniffFormat(text: string): ContractFormat {
  return /^\s*\{/.test(text) ? "json" : "yaml";
}

/**
 * Parses and validates `input` as an OpenAPI 3.0/3.1 document in `format` (sniffed when not
 * given). Throws ContractError naming the problem.
 */
export async function parseContract(input: Buffer | string, format?: ContractFormat): Promise<ParsedContract> {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ContractError("malformed", "the document is not UTF-8 text");
  }
  if (!text.trim()) throw new ContractError("malformed", "the document is empty");
  const fmt = format ?? sniffFormat(text);
  try {
    return await check(bytes, fmt, fmt === "json" ? parseJson(text) : parseYaml(text));
  } catch (err) {
    // A document nested deeper than the stack allows is refused, not a server error.
    if (err instanceof RangeError) throw new ContractError("invalid", "the document is nested too deeply");
    throw err;
  }
}

async function check(bytes: Buffer, fmt: ContractFormat, value: unknown): Promise<ParsedContract> {
  const document = asOpenApi(value);
  const external = findRef(document, (ref) => !ref.startsWith("#"));
  if (external) {
    throw new ContractError("invalid", `${external.pointer}: external references ("${external.ref.slice(0, 200)}") are not followed; bundle the document into one file`, external.pointer);
  }
  await validate(document);
  return { bytes, format: fmt, openapi: document.openapi, document, hash: crypto.createHash("sha256").update(bytes).digest("hex") };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ContractError("malformed", `the document is not valid JSON: ${(err as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  // A small alias budget: a "billion laughs" document must not expand in memory.
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const at = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : "";
    throw new ContractError("malformed", `the document is not valid YAML${at}: ${e.message.split("\n")[0]}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ContractError("malformed", `the document is not valid YAML: ${(err as Error).message}`);
  }
}

function asOpenApi(value: unknown): OpenApiDocument {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ContractError("not_openapi", "the document is not an OpenAPI document: it is not an object", "");
  }
  const v = value as Record<string, unknown>;
  if (v.swagger !== undefined) {
    throw new ContractError("not_openapi", `Swagger ${String(v.swagger)} documents are not accepted: convert it to OpenAPI 3.0 or 3.1`, "/swagger");
  }
  if (v.openapi === undefined) {
    throw new ContractError("not_openapi", 'the document is not an OpenAPI document: it has no "openapi" field', "/openapi");
  }
  if (typeof v.openapi !== "string" || !OPENAPI_VERSION.test(v.openapi)) {
    throw new ContractError("not_openapi", `OpenAPI ${String(v.openapi)} is not accepted: the document must be OpenAPI 3.0.x or 3.1.x`, "/openapi");
  }
  return v as OpenApiDocument;
}

type AjvDetail = { instancePath?: string; message?: string; params?: Record<string, unknown> };

async function validate(document: OpenApiDocument): Promise<void> {
  try {
    // Loaded on the first contract: the validator and its JSON schemas are several MiB that a
    // worker or web server without contracts never needs.
    const { default: SwaggerParser } = await import("@apidevtools/swagger-parser");
    // The parser dereferences what it validates: give it a copy.
    await SwaggerParser.validate(structuredClone(document) as never, {
      resolve: { external: false },
      dereference: { circular: "ignore" },
    });
  } catch (err) {
    const e = err as Error & { details?: AjvDetail[] };
    const detail = e.details?.find((d) => d.message && !/must match exactly one schema|must match "else" schema|must have required property '\$ref'/.test(d.message)) ?? e.details?.[0];
    if (detail) {
      const pointer = detail.instancePath ?? "";
      const extra = detail.params?.additionalProperty ? ` ("${String(detail.params.additionalProperty)}")` : "";
      throw new ContractError("invalid", `${pointer || "/"}: ${detail.message}${extra}`, pointer);
    }
    const missing = /Missing \$ref pointer "([^"]+)"/.exec(e.message);
    if (missing) {
      const at = findRef(document, (ref) => ref === missing[1])?.pointer;
      throw new ContractError("invalid", `${at ?? "/"}: $ref "${missing[1]}" points at nothing in the document`, at);
    }
    throw new ContractError("invalid", e.message.split("\n").slice(0, 3).join(" ").trim());
  }
}

/** The first `$ref` (and its JSON pointer) whose value `match` accepts. */
function findRef(node: unknown, match: (ref: string) => boolean, at = ""): { pointer: string; ref: string } | null {
  if (node === null || typeof node !== "object") return null;
  for (const [k, v] of Object.entries(node)) {
    const here = `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (k === "$ref" && typeof v === "string" && match(v)) return { pointer: here, ref: v };
    const found = findRef(v, match, here);
    if (found) return found;
  }
  return null;
}
