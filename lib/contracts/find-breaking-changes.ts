// What a new version of a contract breaks for callers written against the previous one:
// - an operation removed (method + path; path parameter names do not matter: /users/{id} and
//   /users/{userId} are one path),
// - a parameter made required, or a new required parameter (a caller that did not send it fails),
// - a response code removed from an operation that stays (a caller handling it never sees it).
// Additions and loosening (a parameter made optional, a new operation) break nothing.
import type { OpenApiDocument } from "./parse-contract";
import { listOperations, type ContractOperation } from "./list-operations";

export type BreakingRule = "operation-removed" | "parameter-required" | "response-removed";

export type BreakingChange = {
  rule: BreakingRule;
  /** "GET /users/{id}" as the previous version writes it */
  operation: string;
  /** one sentence for people */
  message: string;
};

const pathKey = (op: ContractOperation) => `${op.method} ${op.path.replace(/\{[^}]*\}/g, "{}")}`;
const label = (op: ContractOperation) => `${op.method} ${op.path}`;

/** The breaking changes from `before` to `after`, operation by operation in `before`'s order. */
export function findBreakingChanges(before: OpenApiDocument, after: OpenApiDocument): BreakingChange[] {
  const next = new Map(listOperations(after).map((op) => [pathKey(op), op]));
  const out: BreakingChange[] = [];
  for (const old of listOperations(before)) {
    const op = next.get(pathKey(old));
    const name = label(old);
    if (!op) {
      out.push({ rule: "operation-removed", operation: name, message: `${name} was removed` });
      continue;
    }
    for (const p of op.parameters) {
      if (!p.required || p.in === "path") continue;
      const was = old.parameters.find((q) => q.name === p.name && q.in === p.in);
      if (!was) out.push({ rule: "parameter-required", operation: name, message: `${name}: new required ${p.in} parameter "${p.name}"` });
      else if (!was.required) out.push({ rule: "parameter-required", operation: name, message: `${name}: ${p.in} parameter "${p.name}" is now required` });
    }
    for (const code of old.responses) {
      if (!op.responses.includes(code)) out.push({ rule: "response-removed", operation: name, message: `${name}: response ${code} was removed` });
    }
  }
  return out;
}
