// KIC's GenerateTagsForObject (internal/util/k8s.go): the tags that link a Kong entity back to
// the Kubernetes object it came from, in KIC's order, each only when non-empty, then the user
// tags of the konghq.com/tags annotation.
import type { KubeObject } from "../kube/index";

/** Comma-separated annotation values as KIC reads them: trimmed, empties dropped. */
export function commaList(value: string | undefined, sanitize: (s: string) => string = (s) => s): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean).map(sanitize);
}

/** k8s-name, k8s-namespace, k8s-kind, k8s-uid, k8s-group (not for core kinds), k8s-version, user tags. */
export function generateTagsForObject(obj: KubeObject): string[] {
  const [group, version] = (obj.apiVersion ?? "").includes("/") ? obj.apiVersion!.split("/") : ["", obj.apiVersion ?? ""];
  const m = obj.metadata;
  const tags = [
    m.name && `k8s-name:${m.name}`,
    m.namespace && `k8s-namespace:${m.namespace}`,
    obj.kind && `k8s-kind:${obj.kind}`,
    m.uid && `k8s-uid:${m.uid}`,
    group && `k8s-group:${group}`,
    version && `k8s-version:${version}`,
  ].filter((t): t is string => Boolean(t));
  return [...tags, ...commaList(m.annotations?.["konghq.com/tags"])];
}
