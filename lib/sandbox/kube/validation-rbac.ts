// Validation of rbac.authorization.k8s.io/v1 (served with `workloads: true`), after
// pkg/apis/rbac/validation: rule shape, roleRef and subjects, the immutable roleRef, and RBAC
// names, which are path segments rather than DNS names ("system:controller:x" is valid).
import { fieldError, type FieldError } from "./field-errors";
import type { Json, KubeObject } from "./types";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MSG_1123_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** path.IsValidPathSegmentName: the messages for an RBAC object or roleRef name. */
export function pathSegmentErrors(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  return ["/", "%"].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

function validateRule(rule: Json, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  if (len(rule.verbs) === 0) errs.push(fieldError.required(`${path}.verbs`, "verbs must contain at least one value"));
  if (len(rule.nonResourceURLs) > 0) {
    if (namespaced) errs.push(fieldError.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "namespaced rules cannot apply to non-resource URLs"));
    if (len(rule.apiGroups) + len(rule.resources) + len(rule.resourceNames) > 0) {
      errs.push(fieldError.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return errs;
  }
  if (len(rule.apiGroups) === 0) errs.push(fieldError.required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
  if (len(rule.resources) === 0) errs.push(fieldError.required(`${path}.resources`, "resource rules must supply at least one resource"));
  return errs;
}

function validateSubject(s: Json, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(fieldError.required(`${path}.name`));
  switch (s.kind) {
    case "ServiceAccount":
      if (s.name && !DNS1123_SUBDOMAIN.test(s.name)) errs.push(fieldError.invalid(`${path}.name`, s.name, MSG_1123_SUBDOMAIN));
      if (s.apiGroup) errs.push(fieldError.notSupported(`${path}.apiGroup`, s.apiGroup, [""]));
      if (!namespaced && !s.namespace) errs.push(fieldError.required(`${path}.namespace`));
      break;
    case "User":
    case "Group":
      if (s.apiGroup !== RBAC_GROUP) errs.push(fieldError.notSupported(`${path}.apiGroup`, s.apiGroup ?? "", [RBAC_GROUP]));
      break;
    default:
      errs.push(fieldError.notSupported(`${path}.kind`, s.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

/** Go's %#v of the internal rbac.RoleRef, as the "cannot change roleRef" message shows it. */
function goRoleRef(r: Json): string {
  return `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? "")}, Kind:${JSON.stringify(r.kind ?? "")}, Name:${JSON.stringify(r.name ?? "")}}`;
}

function validateBinding(obj: KubeObject, namespaced: boolean, old?: KubeObject): FieldError[] {
  const ref: Json = obj.roleRef ?? {};
  const errs: FieldError[] = [];
  if (ref.apiGroup !== RBAC_GROUP) errs.push(fieldError.notSupported("roleRef.apiGroup", ref.apiGroup ?? "", [RBAC_GROUP]));
  const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(ref.kind)) errs.push(fieldError.notSupported("roleRef.kind", ref.kind ?? "", kinds));
  if (!ref.name) errs.push(fieldError.required("roleRef.name"));
  else for (const msg of pathSegmentErrors(ref.name)) errs.push(fieldError.invalid("roleRef.name", ref.name, msg));
  (obj.subjects ?? []).forEach((s: Json, i: number) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  if (old && JSON.stringify(old.roleRef) !== JSON.stringify(obj.roleRef)) {
    errs.push(fieldError.invalidRaw("roleRef", goRoleRef(ref), "cannot change roleRef"));
  }
  return errs;
}

/** Validation of Role, ClusterRole, RoleBinding and ClusterRoleBinding; [] for other kinds. */
export function validateRbac(kind: string, obj: KubeObject, old?: KubeObject): FieldError[] {
  switch (kind) {
    case "Role":
    case "ClusterRole":
      return (obj.rules ?? []).flatMap((r: Json, i: number) => validateRule(r, kind === "Role", `rules[${i}]`));
    case "RoleBinding":
    case "ClusterRoleBinding":
      return validateBinding(obj, kind === "RoleBinding", old);
    default:
      return [];
  }
}
