// The operations of an OpenAPI document in a flat form: what breaking-change detection compares,
// what search indexes, and what MCP and the Backstage export describe. Local `$ref`s
// (#/components/...) of parameters, request bodies and responses are followed.
import type { OpenApiDocument } from "./parse-contract";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export type ContractParameter = { name: string; in: string; required: boolean };

export type ContractOperation = {
  method: string;
  path: string;
  operationId: string | null;
  summary: string | null;
  deprecated: boolean;
  /** path-level parameters merged with the operation's (the operation's win) */
  parameters: ContractParameter[];
  requestBodyRequired: boolean;
  /** response codes as written: "200", "4XX", "default" */
  responses: string[];
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Follows local `$ref`s (at most 16 hops) to the object they name; null when they lead nowhere. */
export function resolveLocalRef(doc: OpenApiDocument, value: unknown): Obj | null {
  let v = value;
  for (let hops = 0; isObj(v) && typeof v.$ref === "string"; hops++) {
    if (hops >= 16 || !v.$ref.startsWith("#/")) return null;
    v = v.$ref
      .slice(2)
      .split("/")
      .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((node, key) => (isObj(node) ? node[key] : undefined), doc);
  }
  return isObj(v) ? v : null;
}

function parametersOf(doc: OpenApiDocument, list: unknown): ContractParameter[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((p) => resolveLocalRef(doc, p))
    .filter((p): p is Obj => p !== null && typeof p.name === "string" && typeof p.in === "string")
    .map((p) => ({ name: p.name as string, in: p.in as string, required: p.required === true || p.in === "path" }));
}

/** Every operation of `doc`, in document order. */
export function listOperations(doc: OpenApiDocument): ContractOperation[] {
  const out: ContractOperation[] = [];
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolveLocalRef(doc, rawItem);
    if (!item) continue;
    const shared = parametersOf(doc, item.parameters);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const own = parametersOf(doc, op.parameters);
      const merged = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const body = resolveLocalRef(doc, op.requestBody);
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: typeof op.operationId === "string" ? op.operationId : null,
        summary: typeof op.summary === "string" ? op.summary : null,
        deprecated: op.deprecated === true,
        parameters: merged,
        requestBodyRequired: body?.required === true,
        responses: isObj(op.responses) ? Object.keys(op.responses) : [],
      });
    }
  }
  return out;
}

/** The lower-cased text catalog search matches: title, operation ids, summaries and paths. */
export function contractSearchText(doc: OpenApiDocument, maxChars = 100_000): string {
  const info = isObj(doc.info) ? doc.info : {};
  const parts = [typeof info.title === "string" ? info.title : ""];
  for (const op of listOperations(doc)) parts.push([op.operationId, op.summary, `${op.method} ${op.path}`].filter(Boolean).join(" "));
  return parts.join("\n").toLowerCase().slice(0, maxChars);
}
