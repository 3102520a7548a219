// REST shapes of an API's contract (its OpenAPI document) and its versions.
import { z } from "zod";

export const ZBreakingChange = z
  .object({
    rule: z.enum(["operation-removed", "parameter-required", "response-removed"]),
    operation: z.string().meta({ description: 'The operation as the previous version wrote it, e.g. "GET /users/{id}"' }),
    message: z.string(),
  })
  .meta({ id: "BreakingChange" });

export const ZContractVersion = z
  .object({
    version: z.number().int().min(1),
    hash: z.string().meta({ description: "sha256 (hex) of the document's bytes; also the ETag of GET .../spec" }),
    format: z.enum(["json", "yaml"]),
    openapi: z.string().meta({ description: "The document's openapi version (3.0.x or 3.1.x)" }),
    origin: z.enum(["rest", "registration", "cli", "annotation"]),
    author: z.string(),
    createdAt: z.iso.datetime(),
    breaking: z.array(ZBreakingChange).meta({ description: "What this version breaks for callers of the previous one" }),
  })
  .meta({ id: "ContractVersion" });
export type TContractVersion = z.infer<typeof ZContractVersion>;

export const ZContractVersionList = z
  .object({
    data: z.array(ZContractVersion).meta({ description: "Newest first" }),
    sourceUrl: z.string().nullable().meta({ description: "The signpost.dev/openapi-url the worker fetches the contract from, if any" }),
    fetchedAt: z.iso.datetime().nullable(),
    fetchError: z.string().nullable().meta({ description: "Why the last fetch of sourceUrl brought no version" }),
  })
  .meta({ id: "ContractVersionList" });
export type TContractVersionList = z.infer<typeof ZContractVersionList>;

export const ZContractSaved = z
  .object({ version: z.number().int(), hash: z.string(), created: z.boolean().meta({ description: "false: the document equals the current version (no new version)" }), breaking: z.array(ZBreakingChange) })
  .meta({ id: "ContractSaved" });

export const ZSpecQuery = z.object({
  version: z.coerce.number().int().min(1).max(2_147_483_647).optional().meta({ description: "A stored version (default: the current one)" }),
});

/** The document in a registration body: OpenAPI as JSON/YAML text, or as a JSON object. */
export const ZRegistrationSpec = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())], { message: "spec must be an OpenAPI document: JSON/YAML text or an object" })
  .meta({ description: "The API's contract: an OpenAPI 3.0/3.1 document (text, JSON or YAML, or an object); stored as its first or next version" });

/** The body of PUT and the answer of GET /api/v1/apis/{id}/spec. */
export const ZSpecDocument = z.unknown().meta({ id: "OpenApiDocument", description: "An OpenAPI 3.0/3.1 document, as JSON or YAML" });

/** The answer of GET /api/v1/export/backstage. */
export const ZBackstageEntities = z.string().meta({ id: "BackstageEntities", description: "catalog-info.yaml entities (Group, Component, API), YAML documents separated by ---" });
