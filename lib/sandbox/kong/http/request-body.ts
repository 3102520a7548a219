import type { IncomingHttpHeaders } from "node:http";
import { KongApiError } from "../api-error";
import { PLUGIN_CATALOG } from "../schemas/plugin-catalog";
import { SCHEMAS } from "../schemas/index";
import { isPlainObject } from "../schemas/field-spec";
import type { EntityKind } from "../types";
import { decodeFormPairs, inferRecord } from "./form-decode";

/** A request body after content negotiation (kong/api/api_helpers.lua before_filter). */
export type ParsedBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: Record<string, unknown> }
  | { kind: "yaml"; text: string };

const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml"];

function multipartPairs(raw: Buffer, contentType: string): [string, string][] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const pairs: [string, string][] = [];
  for (const part of raw.toString("utf8").split(`--${boundary}`)) {
    const sep = part.indexOf("\r\n\r\n");
    if (sep === -1) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, sep))?.[1];
    if (name !== undefined) pairs.push([name, part.slice(sep + 4).replace(/\r\n$/, "")]);
  }
  return pairs;
}

/**
 * JSON, form-urlencoded and multipart bodies (plus YAML on /config); 415 for any other type with a
 * body, 400 for unparsable JSON or a repeated Content-Type header.
 */
export function parseBody(headers: IncomingHttpHeaders, rawHeaders: string[], raw: Buffer, allowYaml: boolean): ParsedBody {
  const ctCount = rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === "content-type").length;
  if (ctCount > 1) throw new KongApiError(400, { message: "Content-Type header may only be specified once" });
  const ct = (headers["content-type"] ?? "").toLowerCase();
  if (ct === "") {
    if (raw.length === 0) return { kind: "none" };
    throw new KongApiError(415, null);
  }
  if (ct.startsWith("application/json")) {
    if (raw.length === 0) return { kind: "none" };
    try {
      const value: unknown = JSON.parse(raw.toString("utf8"));
      if (!isPlainObject(value)) throw new Error("not an object");
      return { kind: "json", value };
    } catch {
      throw new KongApiError(400, { message: "Cannot parse JSON body" });
    }
  }
  if (ct.startsWith("application/x-www-form-urlencoded")) {
    return { kind: "form", value: decodeFormPairs([...new URLSearchParams(raw.toString("utf8"))]) };
  }
  if (ct.startsWith("multipart/form-data")) {
    return { kind: "form", value: decodeFormPairs(multipartPairs(raw, headers["content-type"] ?? "")) };
  }
  if (allowYaml && YAML_TYPES.some((t) => ct.startsWith(t))) return { kind: "yaml", text: raw.toString("utf8") };
  throw new KongApiError(415, null);
}

/** The body as an entity input: form values typed by the entity (and plugin config) schema. */
export function entityInput(body: ParsedBody, kind: EntityKind): Record<string, unknown> {
  if (body.kind === "json") return body.value as Record<string, unknown>;
  if (body.kind !== "form") return {};
  const typed = inferRecord(SCHEMAS[kind].fields, body.value);
  const plugin = kind === "plugins" && typeof typed.name === "string" ? PLUGIN_CATALOG[typed.name] : undefined;
  if (plugin && isPlainObject(body.value.config)) typed.config = inferRecord(plugin.config, body.value.config);
  return typed;
}
