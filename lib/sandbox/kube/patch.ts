// PATCH bodies by Content-Type: strategic merge (built-in kinds only, as on a real server),
// RFC 7386 merge patch, RFC 6902 JSON patch.
import { jsonPatch } from "./json-patch";
import { PatchError, strategicMerge } from "./strategic-merge";
import type { Json } from "./types";

export { PatchError };

/** The patch flavours the sandbox accepts. */
export type PatchType = "strategic" | "merge" | "json";

const MEDIA: Record<string, PatchType> = {
  "application/strategic-merge-patch+json": "strategic",
  "application/merge-patch+json": "merge",
  "application/json-patch+json": "json",
};

/** Media types a resource accepts for PATCH, in the order the 415 message lists them. */
export function acceptedPatchTypes(custom: boolean): string[] {
  const base = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];
  return custom ? base : [...base, "application/strategic-merge-patch+json"];
}

/** True for server-side apply's Content-Type. */
export function isApplyPatch(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/apply-patch+yaml";
}

/** Patch type for a Content-Type header, or undefined when unsupported. */
export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  return MEDIA[(contentType ?? "").split(";")[0].trim().toLowerCase()];
}

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  const result: Json = isMap(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

/** Applies a patch of `type` to an object of `kind`; throws PatchError when it cannot apply. */
export function applyPatch(kind: string, target: Json, patch: unknown, type: PatchType): Json {
  switch (type) {
    case "strategic":
      if (!isMap(patch)) throw new PatchError("strategic merge patch must be a JSON object");
      return strategicMerge(kind, target, patch);
    case "merge": {
      const out = mergePatch(target, patch);
      if (!isMap(out)) throw new PatchError("merge patch must produce a JSON object");
      return out;
    }
    case "json":
      return jsonPatch(target, patch);
  }
}
