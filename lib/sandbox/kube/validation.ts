// Validation per kind, returning apimachinery-style field errors; the store turns them into a
// 422 Invalid Status. Only the rules clients are likely to trip over are checked.
import { endpointIpErrors } from "./endpoint-ip";
import { fieldError, type FieldError } from "./field-errors";
import { validateService } from "./service";
import { pathSegmentErrors, validateRbac } from "./validation-rbac";
import { validateConfigMap, validateDeployment, validateSecret } from "./validation-workloads";
import type { Json, KubeObject, ResourceDef } from "./types";

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const MSG_1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const MSG_1123_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MSG_1123_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

/**
 * Name rules per kind: Services are DNS-1035 labels, Namespaces RFC 1123 labels, RBAC objects
 * path segments, the rest subdomains.
 */
function validateName(kind: string, name: string | undefined): FieldError[] {
  if (!name) return [fieldError.required("metadata.name", "name or generateName is required")];
  if (RBAC_KINDS.includes(kind)) return pathSegmentErrors(name).map((msg) => fieldError.invalid("metadata.name", name, msg));
  const [re, msg, max] = kind === "Service" ? [DNS1035, MSG_1035, 63] : kind === "Namespace" ? [DNS1123_LABEL, MSG_1123_LABEL, 63] : [DNS1123_SUBDOMAIN, MSG_1123_SUBDOMAIN, 253];
  if (!re.test(name)) return [fieldError.invalid("metadata.name", name, msg)];
  if (name.length > max) return [fieldError.invalid("metadata.name", name, `must be no more than ${max} characters`)];
  return [];
}

function validateIngressBackend(b: Json | undefined, path: string): FieldError[] {
  if (!b || (!b.service && !b.resource)) return [fieldError.invalid(path, "", "resource or service backend is required")];
  if (b.service && b.resource) return [fieldError.invalid(path, "", "cannot set both resource and service backends")];
  if (!b.service) return [];
  const errs: FieldError[] = [];
  if (!b.service.name) errs.push(fieldError.required(`${path}.service.name`));
  const port: Json = b.service.port ?? {};
  if (port.name && port.number) errs.push(fieldError.invalid(path, "", "cannot set both port name & port number"));
  else if (!port.name && !port.number) errs.push(fieldError.required(`${path}.service.port`, "port name or number is required"));
  else if (port.number !== undefined && (port.number < 1 || port.number > 65535)) {
    errs.push(fieldError.invalid(`${path}.service.port.number`, port.number, "must be between 1 and 65535, inclusive"));
  }
  return errs;
}

function validateIngress(obj: KubeObject): FieldError[] {
  const spec: Json = obj.spec ?? {};
  const errs: FieldError[] = [];
  const rules: Json[] = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend) {
    errs.push(fieldError.invalidRaw("spec", "null", "either `defaultBackend` or `rules` must be specified"));
  }
  if (spec.defaultBackend) errs.push(...validateIngressBackend(spec.defaultBackend, "spec.defaultBackend"));
  rules.forEach((rule, i) => {
    (rule.http?.paths ?? []).forEach((p: Json, j: number) => {
      const path = `spec.rules[${i}].http.paths[${j}]`;
      const types = ["Exact", "ImplementationSpecific", "Prefix"];
      if (!p.pathType) errs.push(fieldError.required(`${path}.pathType`, "pathType must be specified"));
      else if (!types.includes(p.pathType)) errs.push(fieldError.notSupported(`${path}.pathType`, p.pathType, types));
      else if (p.pathType !== "ImplementationSpecific" && !String(p.path ?? "").startsWith("/")) {
        errs.push(fieldError.invalid(`${path}.path`, p.path ?? "", "must be an absolute path"));
      }
      errs.push(...validateIngressBackend(p.backend, `${path}.backend`));
    });
    if (rule.http && !(rule.http.paths ?? []).length) errs.push(fieldError.required(`spec.rules[${i}].http.paths`));
  });
  return errs;
}

function validateEndpointSlice(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const types = ["FQDN", "IPv4", "IPv6"];
  if (!obj.addressType) errs.push(fieldError.required("addressType"));
  else if (!types.includes(obj.addressType)) errs.push(fieldError.notSupported("addressType", obj.addressType, types));
  else if (old && old.addressType !== obj.addressType) errs.push(fieldError.invalid("addressType", obj.addressType, "field is immutable"));
  (obj.endpoints ?? []).forEach((e: Json, i: number) => {
    if (!Array.isArray(e.addresses) || e.addresses.length === 0) errs.push(fieldError.required(`endpoints[${i}].addresses`, "must contain at least 1 address"));
    else if (obj.addressType === "IPv4" || obj.addressType === "IPv6") {
      e.addresses.forEach((a: unknown, j: number) => {
        for (const detail of endpointIpErrors(String(a))) errs.push(fieldError.invalid(`endpoints[${i}].addresses[${j}]`, String(a), detail));
      });
    }
  });
  return errs;
}

function validateHTTPRoute(obj: KubeObject): FieldError[] {
  const spec: Json = obj.spec ?? {};
  const errs: FieldError[] = [];
  (spec.parentRefs ?? []).forEach((r: Json, i: number) => { if (!r.name) errs.push(fieldError.required(`spec.parentRefs[${i}].name`)); });
  if ((spec.hostnames ?? []).length > 16) errs.push(fieldError.tooMany("spec.hostnames", spec.hostnames.length, 16));
  if ((spec.rules ?? []).length > 16) errs.push(fieldError.tooMany("spec.rules", spec.rules.length, 16));
  (spec.rules ?? []).forEach((rule: Json, i: number) => {
    (rule.matches ?? []).forEach((m: Json, j: number) => {
      const types = ["Exact", "PathPrefix", "RegularExpression"];
      if (m.path && !types.includes(m.path.type)) errs.push(fieldError.notSupported(`spec.rules[${i}].matches[${j}].path.type`, m.path.type, types));
    });
    (rule.backendRefs ?? []).forEach((b: Json, j: number) => { if (!b.name) errs.push(fieldError.required(`spec.rules[${i}].backendRefs[${j}].name`)); });
  });
  return errs;
}

function validateGateway(obj: KubeObject): FieldError[] {
  const spec: Json = obj.spec ?? {};
  const errs: FieldError[] = [];
  if (!spec.gatewayClassName) errs.push(fieldError.required("spec.gatewayClassName"));
  if (!Array.isArray(spec.listeners) || spec.listeners.length === 0) errs.push(fieldError.required("spec.listeners"));
  (spec.listeners ?? []).forEach((l: Json, i: number) => {
    for (const f of ["name", "port", "protocol"]) if (l[f] === undefined || l[f] === "") errs.push(fieldError.required(`spec.listeners[${i}].${f}`));
  });
  return errs;
}

/** All validation errors of an object about to be stored (`old` set on update). */
export function validateObject(d: ResourceDef, obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? [] : validateName(d.kind, obj.metadata.name);
  for (const f of ["labels", "annotations"] as const) {
    for (const [k, v] of Object.entries(obj.metadata[f] ?? {})) {
      if (typeof v !== "string") errs.push(fieldError.invalid(`metadata.${f}`, v, `value for key ${JSON.stringify(k)} must be a string`));
    }
  }
  switch (d.kind) {
    case "Service": errs.push(...validateService(obj, old)); break;
    case "Ingress": errs.push(...validateIngress(obj)); break;
    case "EndpointSlice": errs.push(...validateEndpointSlice(obj, old)); break;
    case "HTTPRoute": errs.push(...validateHTTPRoute(obj)); break;
    case "Gateway": errs.push(...validateGateway(obj)); break;
    case "Deployment": errs.push(...validateDeployment(obj, old)); break;
    case "ConfigMap": errs.push(...validateConfigMap(obj, old)); break;
    case "Secret": errs.push(...validateSecret(obj, old)); break;
    case "IngressClass":
      if (!obj.spec?.controller) errs.push(fieldError.required("spec.controller"));
      else if (old && old.spec?.controller !== obj.spec.controller) errs.push(fieldError.invalid("spec.controller", obj.spec.controller, "field is immutable"));
      break;
    default: errs.push(...validateRbac(d.kind, obj, old));
  }
  return errs;
}
