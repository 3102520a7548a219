// Server-side defaults of the kinds an application's manifests use (served with
// `workloads: true`): apps/v1 SetDefaults_Deployment with the pod template defaults of core/v1,
// Secret's type and stringData folding, and the RBAC roleRef/subject apiGroup defaults.
import type { Json, KubeObject } from "./types";

const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Always for ":latest" or untagged images (no digest), IfNotPresent otherwise, as SetDefaults_Container. */
function pullPolicy(image: string | undefined): string {
  if (!image || image.includes("@")) return "IfNotPresent";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : "";
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(p: Json | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ||= "/";
    p.httpGet.scheme ??= "HTTP";
  }
}

function defaultContainer(c: Json): void {
  c.terminationMessagePath ??= "/dev/termination-log";
  c.terminationMessagePolicy ??= "File";
  c.imagePullPolicy ??= pullPolicy(c.image);
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= "TCP";
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) defaultProbe(probe);
}

/** SetDefaults_PodSpec (a template gets no enableServiceLinks: that default is Pod-only). */
function defaultPodTemplate(t: Json): void {
  t.metadata ??= {};
  // metav1.Time's zero value is serialised, so templates come back with this key.
  if (!("creationTimestamp" in t.metadata)) t.metadata.creationTimestamp = null;
  const spec: Json = (t.spec ??= {});
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.configMap) v.configMap.defaultMode ??= 420;
  }
}

function defaultDeployment(obj: KubeObject): void {
  const spec: Json = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= "RollingUpdate";
  if (spec.strategy.type === "RollingUpdate") {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= "25%";
    spec.strategy.rollingUpdate.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate((spec.template ??= {}));
}

/** stringData is write-only: it is merged into data (base64) and never stored. */
function defaultSecret(obj: KubeObject): void {
  obj.type ||= "Opaque";
  if (obj.stringData && typeof obj.stringData === "object") {
    obj.data ??= {};
    for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v), "utf8").toString("base64");
  }
  delete obj.stringData;
}

function defaultBinding(obj: KubeObject): void {
  if (obj.roleRef && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC_GROUP;
  for (const s of obj.subjects ?? []) {
    if (!s.apiGroup && (s.kind === "User" || s.kind === "Group")) s.apiGroup = RBAC_GROUP;
  }
}

/** Applies the defaults of a workload or RBAC kind (other kinds are left alone). */
export function applyWorkloadDefaults(kind: string, obj: KubeObject): void {
  switch (kind) {
    case "Deployment": defaultDeployment(obj); break;
    case "Secret": defaultSecret(obj); break;
    case "RoleBinding":
    case "ClusterRoleBinding": defaultBinding(obj); break;
    default: break;
  }
}
