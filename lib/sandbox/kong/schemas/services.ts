import type { Entity } from "../types";
import {
  type EntitySchema, idField, mustBeNull, nameField, PROTOCOLS, tagsField, timestampSeconds,
} from "./entity-schema";
import type { FieldSpec } from "./field-spec";
import { expandServiceUrl } from "./service-url";
import { validateHost, validatePathChars } from "./validators";

const timeout: FieldSpec = { type: "integer", default: 60000, between: [1, 2 ** 31 - 2] };

/** typedefs.path: "/"-prefixed, no empty segments, RFC 3986 characters. */
export const pathField: FieldSpec = {
  type: "string",
  startsWith: "/",
  matchNone: [{ pattern: /\/\//, err: "must not have empty segments" }],
  custom: validatePathChars as (v: never) => string | null,
};

const TLS_ONLY = ["client_certificate", "tls_verify", "tls_verify_depth", "ca_certificates"] as const;

/** kong/db/schema/entities/services.lua (3.x). */
export const serviceSchema: EntitySchema = {
  kind: "services",
  endpointKey: "name",
  unique: ["name"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["name", nameField],
    ["retries", { type: "integer", default: 5, between: [0, 32767] }],
    ["protocol", { type: "string", required: true, default: "http", oneOf: PROTOCOLS }],
    ["host", { type: "string", required: true, custom: validateHost as (v: never) => string | null }],
    ["port", { type: "integer", required: true, default: 80, between: [0, 65535] }],
    ["path", pathField],
    ["connect_timeout", timeout],
    ["write_timeout", timeout],
    ["read_timeout", timeout],
    ["tags", tagsField],
    ["client_certificate", { type: "foreign", reference: "certificates" }],
    ["tls_verify", { type: "boolean" }],
    ["tls_verify_depth", { type: "integer", between: [0, 64] }],
    ["ca_certificates", { type: "array", elements: { type: "string", uuid: true } }],
    ["enabled", { type: "boolean", required: true, default: true }],
  ],
  foreign: [{ field: "client_certificate", reference: "certificates", onDelete: "restrict" }],
  shorthand: expandServiceUrl,
  checks: [
    {
      fields: ["protocol", "path"],
      check: (e: Entity) =>
        ["tcp", "tls", "tls_passthrough", "udp", "grpc", "grpcs"].includes(e.protocol as string) ? mustBeNull(e, ["path"]) : null,
    },
    {
      fields: ["protocol", ...TLS_ONLY],
      check: (e: Entity) => (["https", "tls"].includes(e.protocol as string) ? null : mustBeNull(e, TLS_ONLY)),
    },
  ],
};
