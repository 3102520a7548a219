// Validation of the workload kinds (served with `workloads: true`), after apps/validation and
// core/validation: the rules manifests commonly trip over, with the real messages. Values are
// rendered the way a v1.32 server renders them (Go's %#v for maps and structs).
import { fieldError, goValue, type FieldError } from "./field-errors";
import { apiErrors } from "./status-errors";
import type { Json, KubeObject } from "./types";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MSG_1123_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const MSG_CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const IMMUTABLE_SET = "field is immutable when `immutable` is set";

/** Go's %#v of a map[string]string: sorted keys, `(nil)` when absent. */
export function goStringMap(m: Record<string, string> | undefined | null): string {
  if (m === undefined || m === null) return "map[string]string(nil)";
  const entries = Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`);
  return `map[string]string{${entries.join(", ")}}`;
}

/** Go's %#v of a (dereferenced) metav1.LabelSelector. */
function goLabelSelector(s: Json): string {
  const exprs: Json[] | undefined = s.matchExpressions;
  const req = (r: Json) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(r.key ?? "")}, Operator:${JSON.stringify(r.operator ?? "")}, Values:${r.values ? goValue(r.values) : "[]string(nil)"}}`;
  const rendered = exprs ? `[]v1.LabelSelectorRequirement{${exprs.map(req).join(", ")}}` : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${rendered}}`;
}

/** metav1.LabelSelectorAsSelector + Matches for matchLabels and matchExpressions. */
function selectorMatches(s: Json, labels: Record<string, string>): boolean {
  const labelsOk = Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return labelsOk && (s.matchExpressions ?? []).every((r: Json) => {
    const has = r.key in labels;
    switch (r.operator) {
      case "In": return has && (r.values ?? []).includes(labels[r.key]);
      case "NotIn": return !has || !(r.values ?? []).includes(labels[r.key]);
      case "Exists": return has;
      case "DoesNotExist": return !has;
      default: return false;
    }
  });
}

function validateContainers(spec: Json, path: string): FieldError[] {
  const containers: Json[] = spec.containers ?? [];
  if (containers.length === 0) return [fieldError.required(`${path}.containers`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}.containers[${i}]`;
    if (!c.name) errs.push(fieldError.required(`${p}.name`));
    else if (!DNS1123_LABEL.test(c.name)) errs.push(fieldError.invalid(`${p}.name`, c.name, MSG_1123_LABEL));
    else if (seen.has(c.name)) errs.push(fieldError.duplicate(`${p}.name`, c.name));
    seen.add(c.name);
    if (!c.image) errs.push(fieldError.required(`${p}.image`));
    (c.ports ?? []).forEach((port: Json, j: number) => {
      const n = port.containerPort;
      if (!n) errs.push(fieldError.required(`${p}.ports[${j}].containerPort`));
      else if (n < 1 || n > 65535) errs.push(fieldError.invalid(`${p}.ports[${j}].containerPort`, n, "must be between 1 and 65535, inclusive"));
    });
  });
  return errs;
}

/** ValidateDeploymentSpec (+ the immutable selector of ValidateDeploymentUpdate). */
export function validateDeployment(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec: Json = obj.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.replicas < 0) errs.push(fieldError.invalid("spec.replicas", spec.replicas, "must be greater than or equal to 0"));
  const sel: Json | undefined = spec.selector ?? undefined;
  if (!sel) errs.push(fieldError.required("spec.selector"));
  else if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    errs.push(fieldError.invalidRaw("spec.selector", goLabelSelector(sel), "empty selector is invalid for deployment"));
  }
  const template: Json = spec.template ?? {};
  const labels: Record<string, string> | undefined = template.metadata?.labels;
  // A missing selector selects nothing, so it fails this check too (as on a real server).
  const selectsAll = sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
  if (!selectsAll && !(sel && selectorMatches(sel, labels ?? {}))) {
    errs.push(fieldError.invalidRaw("spec.template.metadata.labels", goStringMap(labels), "`selector` does not match template `labels`"));
  }
  errs.push(...validateContainers(template.spec ?? {}, "spec.template.spec"));
  const restart = template.spec?.restartPolicy;
  if (restart !== "Always") errs.push(fieldError.notSupported("spec.template.spec.restartPolicy", restart, ["Always"]));
  const strategy: Json = spec.strategy ?? {};
  if (strategy.type === "Recreate" && strategy.rollingUpdate) {
    errs.push(fieldError.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
  } else if (strategy.type !== "Recreate" && strategy.type !== "RollingUpdate") {
    errs.push(fieldError.notSupported("spec.strategy.type", strategy.type, ["Recreate", "RollingUpdate"]));
  }
  if (old && sel && JSON.stringify(sel) !== JSON.stringify(old.spec?.selector)) {
    errs.push(fieldError.invalidRaw("spec.selector", goLabelSelector(sel), "field is immutable"));
  }
  return errs;
}

/** A JSON body a Go decoder would refuse: answered 400 before anything else looks at it. */
function undecodable(kind: string, detail: string): never {
  throw apiErrors.badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${detail}`);
}

function validateKeys(field: "data" | "binaryData", m: Json | undefined): FieldError[] {
  return Object.keys(m ?? {}).filter((k) => !CONFIG_KEY.test(k)).map((k) => fieldError.invalid(`${field}[${k}]`, k, MSG_CONFIG_KEY));
}

function immutableSet(obj: KubeObject, old: KubeObject | undefined, fields: string[]): FieldError[] {
  if (old?.immutable !== true) return [];
  const errs = obj.immutable === true ? [] : [fieldError.forbidden("immutable", IMMUTABLE_SET)];
  for (const f of fields) if (JSON.stringify(obj[f]) !== JSON.stringify(old[f])) errs.push(fieldError.forbidden(f, IMMUTABLE_SET));
  return errs;
}

/** ValidateConfigMap(Update). */
export function validateConfigMap(obj: KubeObject, old?: KubeObject): FieldError[] {
  for (const v of Object.values(obj.data ?? {})) {
    if (typeof v !== "string") undecodable("ConfigMap", `json: cannot unmarshal ${Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v} into Go struct field ConfigMap.data of type string`);
  }
  const errs = [...validateKeys("data", obj.data), ...validateKeys("binaryData", obj.binaryData)];
  for (const k of Object.keys(obj.binaryData ?? {})) if (k in (obj.data ?? {})) errs.push(fieldError.duplicate(`data[${k}]`, k));
  return [...errs, ...immutableSet(obj, old, ["data", "binaryData"])];
}

/** ValidateSecret(Update); data values are base64 ([]byte in Go). */
export function validateSecret(obj: KubeObject, old?: KubeObject): FieldError[] {
  for (const v of Object.values(obj.data ?? {})) {
    const s = String(v);
    const bad = s.search(/[^A-Za-z0-9+/=]/);
    if (bad >= 0 || s.length % 4 !== 0) undecodable("Secret", `illegal base64 data at input byte ${bad >= 0 ? bad : s.length - (s.length % 4)}`);
  }
  const errs = validateKeys("data", obj.data);
  if (old && obj.type !== old.type) errs.push(fieldError.invalid("type", obj.type, "field is immutable"));
  return [...errs, ...immutableSet(obj, old, ["data"])];
}
