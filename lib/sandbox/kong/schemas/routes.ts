import type { FieldErrors } from "../api-error";
import type { Entity } from "../types";
import {
  type EntitySchema, idField, isNonEmpty, mustBeNull, nameField, PROTOCOLS, tagsField, timestampSeconds,
} from "./entity-schema";
import type { FieldSpec } from "./field-spec";
import { validateRouterPath, validateWildcardHost } from "./validators";

const cidrPort: FieldSpec = {
  type: "set",
  elements: {
    type: "record",
    fields: [
      ["ip", { type: "string" }],
      ["port", { type: "integer", between: [0, 65535] }],
    ],
  },
};

function quoteList(fields: readonly string[]): string {
  return fields.map((f) => `'${f}'`).join(", ");
}

function atLeastOne(e: Entity, fields: readonly string[], message: string): FieldErrors | null {
  return fields.some((f) => isNonEmpty(e[f])) ? null : { "@entity": [message] };
}

const has = (e: Entity, p: string) => Array.isArray(e.protocols) && e.protocols.includes(p);

// routes_subschemas.lua: the first protocol selects the subschema.
function subschemaChecks(e: Entity): FieldErrors | null {
  const first = Array.isArray(e.protocols) ? (e.protocols[0] as string) : "http";
  if (first === "http" || first === "https") {
    const nulls = {
      ...mustBeNull(e, ["sources"], "cannot set 'sources' when 'protocols' is 'http' or 'https'"),
      ...mustBeNull(e, ["destinations"], "cannot set 'destinations' when 'protocols' is 'http' or 'https'"),
    };
    if (Object.keys(nulls).length > 0) return nulls;
    if (has(e, "https")) {
      const f = ["methods", "hosts", "headers", "paths", "snis"];
      return atLeastOne(e, f, `must set one of ${quoteList(f)} when 'protocols' is 'https'`);
    }
    const f = ["methods", "hosts", "headers", "paths"];
    return atLeastOne(e, f, `must set one of ${quoteList(f)} when 'protocols' is 'http'`);
  }
  if (first === "grpc" || first === "grpcs") {
    const errs: FieldErrors = {
      ...(e.strip_path === true ? { strip_path: "cannot set 'strip_path' when 'protocols' is 'grpc' or 'grpcs'" } : {}),
      ...mustBeNull(e, ["methods"], "cannot set 'methods' when 'protocols' is 'grpc' or 'grpcs'"),
      ...mustBeNull(e, ["sources"], "cannot set 'sources' when 'protocols' is 'grpc' or 'grpcs'"),
      ...mustBeNull(e, ["destinations"], "cannot set 'destinations' when 'protocols' is 'grpc' or 'grpcs'"),
    };
    if (Object.keys(errs).length > 0) return errs;
    const f = has(e, "grpcs") ? ["hosts", "headers", "paths", "snis"] : ["hosts", "headers", "paths"];
    return atLeastOne(e, f, `must set one of ${quoteList(f)} when 'protocols' is '${has(e, "grpcs") ? "grpcs" : "grpc"}'`);
  }
  const stream = "when 'protocols' is 'tcp', 'tls', 'tls_passthrough' or 'udp'";
  const errs: FieldErrors = {};
  for (const f of ["methods", "hosts", "paths", "headers"]) Object.assign(errs, mustBeNull(e, [f], `cannot set '${f}' ${stream}`));
  if (Object.keys(errs).length > 0) return errs;
  if (has(e, "tls_passthrough")) return atLeastOne(e, ["snis"], "must set snis when 'protocols' is 'tls_passthrough'");
  const f = ["sources", "destinations", "snis"];
  return atLeastOne(e, f, `must set one of ${quoteList(f)} when 'protocols' is 'tcp', 'tls' or 'udp'`);
}

/** kong/db/schema/entities/routes.lua with the traditional_compatible flavor (no expression/priority). */
export const routeSchema: EntitySchema = {
  kind: "routes",
  endpointKey: "name",
  unique: ["name"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["name", nameField],
    ["protocols", {
      type: "set", required: true, lenMin: 1, default: ["http", "https"],
      elements: { type: "string", oneOf: PROTOCOLS },
      mutuallyExclusiveSubsets: [["http", "https"], ["tcp", "tls", "udp"], ["tls_passthrough"], ["grpc", "grpcs"]],
    }],
    ["methods", { type: "set", elements: { type: "string", match: /^[A-Z]+$/ } }],
    ["hosts", { type: "array", elements: { type: "string", custom: validateWildcardHost as (v: never) => string | null } }],
    ["paths", {
      type: "array",
      elements: {
        type: "string",
        matchAny: { patterns: [/^\//, /^~\//], err: "should start with: / (fixed path) or ~/ (regex path)" },
        matchNone: [{ pattern: /\/\//, err: "must not have empty segments" }],
        custom: validateRouterPath as (v: never) => string | null,
      },
    }],
    ["headers", {
      type: "map",
      keys: {
        type: "string",
        custom: ((k: string) => (/^host$/i.test(k) ? "cannot contain 'host' header, which must be specified in the 'hosts' attribute" : null)) as (v: never) => string | null,
      },
      values: { type: "array", elements: { type: "string" } },
    }],
    ["https_redirect_status_code", { type: "integer", required: true, default: 426, oneOf: [426, 301, 302, 307, 308] }],
    ["regex_priority", { type: "integer", default: 0 }],
    ["strip_path", { type: "boolean", required: true, default: true }],
    ["path_handling", { type: "string", default: "v0", oneOf: ["v0", "v1"] }],
    ["preserve_host", { type: "boolean", required: true, default: false }],
    ["request_buffering", { type: "boolean", required: true, default: true }],
    ["response_buffering", { type: "boolean", required: true, default: true }],
    ["snis", { type: "set", elements: { type: "string" } }],
    ["sources", cidrPort],
    ["destinations", cidrPort],
    ["tags", tagsField],
    ["service", { type: "foreign", reference: "services" }],
  ],
  foreign: [{ field: "service", reference: "services", onDelete: "restrict" }],
  dynamicDefaults: (e) => {
    // The grpc subschema defaults strip_path to false.
    const protos = Array.isArray(e.protocols) ? e.protocols : ["http", "https"];
    if (e.strip_path === undefined && (protos.includes("grpc") || protos.includes("grpcs"))) return { ...e, strip_path: false };
    return e;
  },
  checks: [
    {
      fields: ["protocols", "snis"],
      check: (e) => {
        const tlsish = ["grpcs", "https", "tls", "tls_passthrough"].some((p) => has(e, p));
        return !tlsish && isNonEmpty(e.snis)
          ? { snis: "'snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' or 'tls_passthrough'" }
          : null;
      },
    },
    {
      fields: ["protocols", "methods", "hosts", "headers", "paths", "snis", "sources", "destinations", "strip_path"],
      check: subschemaChecks,
    },
  ],
};
