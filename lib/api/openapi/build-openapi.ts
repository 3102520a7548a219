// Builds the OpenAPI 3.1 document from OPERATIONS. Schemas with an id (`.meta({ id })`) become
// components; responses use the output side of a schema, requests the input side.
import { z } from "zod";
import { OPERATIONS, type Operation } from "./operations";
import { ZErrorBody } from "../schemas/common";

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  200: "OK", 201: "Created", 204: "No content", 304: "Not modified", 400: "Bad request", 401: "No or invalid credential",
  403: "The role does not allow it", 404: "Not found", 409: "Conflict", 415: "Body is not JSON", 422: "Validation failed",
  413: "Body too large", 429: "Rate limited (failed attempts from this address, or the caller's request budget): retry after Retry-After seconds",
  500: "Internal error (logged with the request id)",
  502: "The gateway failed", 503: "Unavailable (gateway or database)",
};

/** The OpenAPI document of the REST API. */
export function buildOpenApi(serverUrl?: string): Json {
  const components: Record<string, Json> = {};
  const convert = (schema: z.ZodType, io: "input" | "output"): Json => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12", reused: "inline" }) as Json;
    return hoist(json, components, io);
  };
  // Responses first: output shapes own the plain component names; differing inputs get "…Input".
  const responses = OPERATIONS.map((op) => responsesOf(op, convert));
  const paths: Record<string, Json> = {};
  OPERATIONS.forEach((op, i) => {
    const item = (paths[op.path] ??= {});
    item[op.method] = operation(op, responses[i], convert);
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Signpost API",
      version: "1",
      description:
        "The service directory's REST API. Reads are public unless SIGNPOST_PUBLIC_READ=false; writes need a bearer token " +
        "(editor or admin). Every error has the body {\"error\": {code, message, details?}}. Each caller has a budget of " +
        "reads and writes a minute (SIGNPOST_RATE_LIMIT_READ, SIGNPOST_RATE_LIMIT_WRITE): past it, 429 with Retry-After.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{}, { bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "SIGNPOST_ADMIN_TOKEN or an API token (sp_tok_...)" },
        session: { type: "apiKey", in: "cookie", name: "signpost_session", description: "Browser session; writes also need X-CSRF-Token" },
      },
    },
  };
}

/** The errors every operation of its kind can answer, besides its own. */
function commonErrors(op: Operation): Record<number, null> {
  const out: Record<number, null> = { 500: null, 503: null };
  if (op.params || op.query || op.body) out[400] = null;
  if (op.body) Object.assign(out, { 413: null, 415: null, 422: null });
  if (op.access !== "public") Object.assign(out, { 401: null, 429: null });
  if (op.access === "editor" || op.access === "admin") out[403] = null;
  return out;
}

const STREAM_TEXT: Record<string, string> = {
  "text/event-stream": "id:, event:, data: lines per change event",
  "text/csv": "Every API of the filtered view (all pages), one row each with a header row (RFC 4180; a cell starting with = + - @ is prefixed with ')",
};

function responsesOf(op: Operation, convert: (s: z.ZodType, io: "input" | "output") => Json): Json {
  const responses: Json = {};
  for (const [status, schema] of Object.entries({ ...commonErrors(op), ...op.responses })) {
    const code = Number(status);
    const content: Json = {};
    const types = code === 200 && op.text ? [op.text].flat() : ["application/json"];
    if (schema) for (const t of types) content[t] = { schema: convert(schema, "output") };
    else if (code >= 400) content["application/json"] = { schema: convert(ZErrorBody, "output") };
    if (code === 200 && op.stream) content[op.stream] = { schema: { type: "string", description: STREAM_TEXT[op.stream] ?? op.stream } };
    responses[status] = { description: STATUS_TEXT[code] ?? "Response", ...(Object.keys(content).length ? { content } : {}) };
  }
  return responses;
}

function operation(op: Operation, responses: Json, convert: (s: z.ZodType, io: "input" | "output") => Json): Json {
  const parameters: Json[] = [];
  for (const [where, schema] of [["path", op.params], ["query", op.query]] as const) {
    if (!schema) continue;
    const props = (convert(schema, "input").properties ?? {}) as Record<string, Json>;
    const required = new Set((convert(schema, "input").required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      parameters.push({ name, in: where, required: where === "path" || required.has(name), schema: s, ...(s.description ? { description: s.description } : {}) });
    }
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    "x-signpost-access": op.access,
    ...(op.access === "editor" || op.access === "admin" || op.access === "signed-in" ? { security: [{ bearer: [] }, { session: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: Object.fromEntries((op.bodyTypes ?? ["application/json"]).map((t) => [t, { schema: convert(op.body!, "input") }])) } } : {}),
    responses,
  };
}

/** Moves $defs into components (input variants suffixed when they differ) and rewrites refs. */
function hoist(json: Json, components: Record<string, Json>, io: "input" | "output"): Json {
  const defs = (json.$defs ?? {}) as Record<string, Json>;
  delete json.$defs;
  delete json.$schema;
  const rename = new Map<string, string>();
  for (const [id, def] of Object.entries(defs)) {
    const existing = components[id];
    const name = io === "output" || !existing || JSON.stringify(existing) === JSON.stringify(def) ? id : `${id}Input`;
    rename.set(id, name);
  }
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === "object") {
      const o: Json = {};
      for (const [k, x] of Object.entries(v as Json)) {
        o[k] = k === "$ref" && typeof x === "string" && x.startsWith("#/$defs/") ? `#/components/schemas/${rename.get(x.slice(8)) ?? x.slice(8)}` : rewrite(x);
      }
      return o;
    }
    return v;
  };
  for (const [id, def] of Object.entries(defs)) {
    const name = rename.get(id)!;
    if (!components[name]) components[name] = rewrite(def) as Json;
  }
  // A top-level schema with an id becomes a reference to its component.
  const id = json.id as string | undefined;
  if (id) {
    delete json.id;
    const body = rewrite(json) as Json;
    const name = io === "input" && components[id] && JSON.stringify(components[id]) !== JSON.stringify(body) ? `${id}Input` : id;
    if (!components[name]) components[name] = body;
    return { $ref: `#/components/schemas/${name}` };
  }
  return rewrite(json) as Json;
}
