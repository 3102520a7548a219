import type { z } from "zod";
import { KongError } from "./errors";
import type { KongTarget } from "./types";

/** Validates a Kong answer; a mismatch is an invalid-response KongError listing the first issues. */
export function parseResponse<S extends z.ZodType>(
  target: KongTarget,
  schema: S,
  body: unknown,
  where: { method: string; path: string },
): z.output<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  throw invalidResponse(target, r.error.issues, where);
}

/** The invalid-response KongError for validation issues (the first three, by path). */
export function invalidResponse(
  target: KongTarget,
  found: readonly { path: readonly PropertyKey[]; message: string }[],
  where: { method: string; path: string },
): KongError {
  const issues = found
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`)
    .join("; ");
  return new KongError({
    gateway: target.name, kind: "invalid-response", method: where.method, path: where.path,
    detail: `unexpected response to ${where.method} ${where.path}: ${issues}`,
  });
}
