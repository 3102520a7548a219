import type { Entity } from "../types";
import {
  certificateDigest, certificateKeyType, certificateMatchesKey, validateCaCertificate, validateCertificate, validateKey,
} from "./crypto-validators";
import { type EntitySchema, idField, tagsField, timestampSeconds } from "./entity-schema";
import type { FieldSpec } from "./field-spec";
import { validateWildcardHost } from "./validators";

const certField = (required: boolean): FieldSpec => ({ type: "string", required, custom: validateCertificate as (v: never) => string | null });
const keyField = (required: boolean): FieldSpec => ({ type: "string", required, custom: validateKey as (v: never) => string | null });
const wildcardHost: FieldSpec = { type: "string", custom: validateWildcardHost as (v: never) => string | null };
const str = (v: unknown) => typeof v === "string";

/** kong/db/schema/entities/certificates.lua; `snis` is transient (the names of its SNIs). */
export const certificateSchema: EntitySchema = {
  kind: "certificates",
  endpointKey: "id",
  unique: [],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["cert", certField(true)],
    ["key", keyField(true)],
    ["cert_alt", certField(false)],
    ["key_alt", keyField(false)],
    ["tags", tagsField],
    ["snis", { type: "array", elements: wildcardHost }],
  ],
  transient: ["snis"],
  foreign: [],
  checks: [
    {
      fields: ["cert_alt", "key_alt"],
      check: (e: Entity) => (str(e.cert_alt) !== str(e.key_alt)
        ? { "@entity": ["all or none of these fields must be set: 'cert_alt', 'key_alt'"] }
        : null),
    },
    {
      fields: ["cert", "key"],
      check: (e) => (certificateMatchesKey(e.cert as string, e.key as string) ? null : { "@entity": ["certificate does not match key"] }),
    },
    {
      fields: ["cert_alt", "key_alt"],
      check: (e) => (str(e.cert_alt) && str(e.key_alt) && !certificateMatchesKey(e.cert_alt as string, e.key_alt as string)
        ? { "@entity": ["alternative certificate does not match key"] }
        : null),
    },
    {
      fields: ["cert", "cert_alt"],
      check: (e) => (str(e.cert) && str(e.cert_alt) && certificateKeyType(e.cert as string) === certificateKeyType(e.cert_alt as string)
        ? { "@entity": ["certificate and alternative certificate need to have different type (e.g. RSA and ECDSA), the provided certificates were both of the same type"] }
        : null),
    },
  ],
};

/** kong/db/schema/entities/snis.lua: a name bound to a certificate. */
export const sniSchema: EntitySchema = {
  kind: "snis",
  endpointKey: "name",
  unique: ["name"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["name", { ...wildcardHost, required: true, unique: true }],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["tags", tagsField],
    ["certificate", { type: "foreign", reference: "certificates", required: true }],
  ],
  foreign: [{ field: "certificate", reference: "certificates", onDelete: "cascade" }],
  checks: [],
};

/** kong/db/schema/entities/ca_certificates.lua; cert_digest is computed on write. */
export const caCertificateSchema: EntitySchema = {
  kind: "ca_certificates",
  endpointKey: "id",
  unique: ["cert_digest"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["cert", certField(true)],
    ["cert_digest", { type: "string", unique: true }],
    ["tags", tagsField],
  ],
  foreign: [],
  checks: [{
    fields: ["cert"],
    check: (e) => {
      const err = validateCaCertificate(e.cert as string);
      return err ? { "@entity": [err] } : null;
    },
  }],
  transform: (e, input) => (input.cert === undefined ? e : { ...e, cert_digest: certificateDigest(e.cert as string) }),
};
