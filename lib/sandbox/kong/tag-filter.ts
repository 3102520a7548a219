import { invalidOptions } from "./api-error";

/** A parsed ?tags= filter: all of (AND, "a,b") or any of (OR, "a/b"). */
export type TagFilter = { mode: "and" | "or"; tags: string[] };

// kong/api/endpoints.lua TAGS_AND_REGEX / TAGS_OR_REGEX, with the space Kong 3.0 allows in tags.
const TAG_BYTES = "\\x20-\\x2B\\x2D\\x2E\\x30-\\x7E\\u0080-\\u{10FFFF}";
const AND_RE = new RegExp(`^([${TAG_BYTES}]+(?:,|$))+$`, "u");
const OR_RE = new RegExp(`^([${TAG_BYTES}]+(?:/|$))+$`, "u");

/** Parses ?tags=; null when absent; throws Kong's code-11 errors. */
export function parseTagFilter(raw: string | null): TagFilter | null {
  if (raw === null) return null;
  if (raw === "") throw invalidOptions({ tags: "cannot be null" });
  let filter: TagFilter;
  if (AND_RE.test(raw)) filter = { mode: "and", tags: raw.split(",") };
  else if (OR_RE.test(raw)) filter = { mode: "or", tags: raw.split("/") };
  else throw invalidOptions({ tags: "invalid filter syntax" });
  if (filter.tags.length > 5) throw invalidOptions({ tags: "cannot query more than 5 tags" });
  return filter;
}

/** Postgres `tags @> ARRAY[...]` (and) or `tags && ARRAY[...]` (or). */
export function matchesTags(entityTags: unknown, filter: TagFilter): boolean {
  if (!Array.isArray(entityTags)) return false;
  return filter.mode === "and"
    ? filter.tags.every((t) => entityTags.includes(t))
    : filter.tags.some((t) => entityTags.includes(t));
}
