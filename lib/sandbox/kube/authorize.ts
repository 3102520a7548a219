// Deny rules: the sandbox cluster authorises every request unless a test asked it to refuse some
// (control.deny), and then answers as a real API server whose RBAC does not allow the request:
// 403 Forbidden, `<resource>.<group> "<name>" is forbidden: User "<user>" cannot <verb> resource
// "<resource>" in API group "<group>" in the namespace "<ns>"` (apiserver's forbiddenMessage).
import { KubeApiError } from "./status-errors";
import type { ResourceDef } from "./types";

/** A refusal: requests matching every given field are denied (an absent field matches all). */
export type DenyRule = { verbs?: string[]; resources?: string[]; groups?: string[]; namespaces?: string[]; user?: string };

/** The RBAC verb of a request on a resource path (GET by name: get; without: list or watch). */
export function requestVerb(method: string, named: boolean, watch: boolean): string {
  if (method === "GET" || method === "HEAD") return watch ? "watch" : named ? "get" : "list";
  if (method === "POST") return "create";
  if (method === "PUT") return "update";
  if (method === "PATCH") return "patch";
  if (method === "DELETE") return named ? "delete" : "deletecollection";
  return method.toLowerCase();
}

/** Throws the 403 a real server answers when a rule denies the request. */
export function authorize(rules: DenyRule[], r: { verb: string; def: Pick<ResourceDef, "group" | "plural">; namespace?: string; name?: string; subresource?: string }): void {
  const resource = r.subresource ? `${r.def.plural}/${r.subresource}` : r.def.plural;
  const hit = rules.find((x) =>
    (!x.verbs || x.verbs.includes(r.verb) || x.verbs.includes("*")) &&
    (!x.resources || x.resources.includes(r.def.plural) || x.resources.includes(resource)) &&
    (!x.groups || x.groups.includes(r.def.group)) &&
    (!x.namespaces || (r.namespace !== undefined && x.namespaces.includes(r.namespace))));
  if (!hit) return;
  const user = hit.user ?? "sandbox-user";
  const where = r.namespace ? `in the namespace "${r.namespace}"` : "at the cluster scope";
  const why = `User "${user}" cannot ${r.verb} resource "${resource}" in API group "${r.def.group}" ${where}`;
  const qualified = r.def.group ? `${r.def.plural}.${r.def.group}` : r.def.plural;
  const message = `${qualified} ${r.name ? `"${r.name}" ` : ""}is forbidden: ${why}`;
  const details = r.def.group ? { ...(r.name ? { name: r.name } : {}), group: r.def.group, kind: r.def.plural } : { ...(r.name ? { name: r.name } : {}), kind: r.def.plural };
  throw new KubeApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "Forbidden", details, code: 403 });
}
