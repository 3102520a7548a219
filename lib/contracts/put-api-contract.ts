// PUT /api/v1/apis/{id}/spec as a lib function: the caller's team scope, the body read under
// SIGNPOST_SPEC_MAX_BYTES in the format its Content-Type names, validation, the new version
// and its audit entry. A refused document changes nothing.
import type { Db } from "../db/client";
import type { Actor } from "../auth/authenticate";
import { ApiError } from "../api/errors";
import { readBodyBytes } from "../api/read-json-body";
import { assertTeamScope } from "../auth/check-team-scope";
import { recordAudit } from "../audit/record-audit";
import { loadConfig } from "../env";
import { contractApiError } from "./contract-api-error";
import { apiKeyOf } from "./get-api-contract";
import { formatOfContentType, parseContract } from "./parse-contract";
import { saveContract, type SaveContractResult } from "./save-contract";

/** Stores the request body as the next contract version of API `apiId`. */
export async function putApiContract(db: Db, input: { apiId: string; req: Request; actor: Actor }): Promise<SaveContractResult> {
  const { apiId, req, actor } = input;
  const api = await apiKeyOf(db.prisma, apiId);
  await assertTeamScope(db.prisma, actor, { action: "api.spec", apiId });
  const type = req.headers.get("content-type");
  const format = formatOfContentType(type);
  if (!format) {
    throw new ApiError("unsupported_media_type", `the body must be an OpenAPI document as JSON (application/json) or YAML (application/yaml), not "${type || "none"}"`);
  }
  const bytes = await readBodyBytes(req, loadConfig().SIGNPOST_SPEC_MAX_BYTES);
  const contract = await parseContract(bytes, format).catch((err) => {
    throw contractApiError(err);
  });
  const saved = await saveContract(db.pool, { apiKey: api.key, contract, origin: "rest", author: actor.name });
  if (saved.created) {
    await recordAudit(db.prisma, { actor: actor.name, action: "api.spec.put", target: api.key, after: { version: saved.version, hash: saved.hash, breaking: saved.breaking.length } });
  }
  return saved;
}
