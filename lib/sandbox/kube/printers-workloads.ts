// Server-side printer columns of the workload and RBAC kinds (kube-apiserver printers.go), so
// `kubectl get deploy,sa,secret,clusterrole...` prints what a real cluster prints.
import { AGE, age, col, NAME, type Printer } from "./printer-columns";
import type { Json, KubeObject } from "./types";

const count = (m: unknown) => (m && typeof m === "object" ? Object.keys(m).length : 0);
const CREATED_AT = { ...col("Created At", "CreationTimestamp is a timestamp representing the server time when this object was created."), type: "date" };

/** LabelSelectorAsSelector(...).String(): sorted requirements, "<none>" when empty. */
function selectorString(s: Json | undefined): string {
  const parts = Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of s?.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(",");
    if (r.operator === "In") parts.push(`${r.key} in (${vals})`);
    else if (r.operator === "NotIn") parts.push(`${r.key} notin (${vals})`);
    else if (r.operator === "Exists") parts.push(r.key);
    else if (r.operator === "DoesNotExist") parts.push(`!${r.key}`);
  }
  return parts.sort().join(",") || "<none>";
}

const DEPLOYMENT: Printer = {
  columns: [NAME, col("Ready", "Number of the pod with ready state"),
    col("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
    col("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."), AGE,
    col("Containers", "Names of each container in the template.", 1), col("Images", "Images referenced by each container in the template.", 1),
    col("Selector", "Label selector for pods.", 1)],
  cells(obj, now) {
    const containers: Json[] = obj.spec?.template?.spec?.containers ?? [];
    const st: Json = obj.status ?? {};
    return [obj.metadata.name, `${st.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0,
      age(obj, now), containers.map((c) => c.name).join(","), containers.map((c) => c.image).join(","), selectorString(obj.spec?.selector)];
  },
};

function bindingCells(obj: KubeObject, now: number): unknown[] {
  const subjects: Json[] = obj.subjects ?? [];
  const names = (kind: string) => subjects.filter((s) => s.kind === kind).map((s) => s.name).join(", ");
  const sas = subjects.filter((s) => s.kind === "ServiceAccount").map((s) => `${s.namespace ?? ""}/${s.name}`).join(", ");
  return [obj.metadata.name, `${obj.roleRef?.kind}/${obj.roleRef?.name}`, age(obj, now), names("User"), names("Group"), sas];
}

const BINDING: Printer = {
  columns: [NAME, col("Role", "Role referenced by the binding."), AGE, col("Users", "Users in the binding.", 1),
    col("Groups", "Groups in the binding.", 1), col("ServiceAccounts", "ServiceAccounts in the binding.", 1)],
  cells: bindingCells,
};

const ROLE: Printer = { columns: [NAME, CREATED_AT], cells: (obj) => [obj.metadata.name, obj.metadata.creationTimestamp] };

/** Printers by kind for the kinds served with `workloads: true`. */
export const WORKLOAD_PRINTERS: Record<string, Printer> = {
  Deployment: DEPLOYMENT,
  ServiceAccount: { columns: [NAME, col("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), AGE],
    cells: (obj, now) => [obj.metadata.name, (obj.secrets ?? []).length, age(obj, now)] },
  ConfigMap: { columns: [NAME, col("Data", "Number of keys in the ConfigMap."), AGE],
    cells: (obj, now) => [obj.metadata.name, count(obj.data) + count(obj.binaryData), age(obj, now)] },
  Secret: { columns: [NAME, col("Type", "The type of the secret"), col("Data", "The number of keys in the secret"), AGE],
    cells: (obj, now) => [obj.metadata.name, obj.type ?? "", count(obj.data), age(obj, now)] },
  Role: ROLE,
  ClusterRole: ROLE,
  RoleBinding: BINDING,
  ClusterRoleBinding: BINDING,
};
