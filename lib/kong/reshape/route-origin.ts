// The Kubernetes object a Kong Ingress Controller route was made from: its k8s-* tags, else
// KIC's route naming (3.x `<ns>.<ingress>.<svc>.<host>.<port>`, 2.x `<ns>.<ingress>.<i><j>`,
// Gateway API `httproute.<ns>.<name>.<rule>.<match>`).
import type { KongRoute, KongService } from "../schemas";
import { backendHint } from "./backend-hint";
import { tagMap } from "./tags";

export type RouteOrigin = { kind: string; namespace: string; name: string; uid?: string };

/** Works out where a route came from, or undefined for routes no controller made. */
export function routeOrigin(r: KongRoute, service?: KongService): RouteOrigin | undefined {
  const tags = tagMap(r.tags);
  const kind = tags.get("k8s-kind");
  if (kind && tags.get("k8s-name") && tags.get("k8s-namespace")) {
    const uid = tags.get("k8s-uid");
    return { kind, namespace: tags.get("k8s-namespace")!, name: tags.get("k8s-name")!, ...(uid ? { uid } : {}) };
  }
  const name = r.name ?? "";
  const httproute = /^httproute\.([a-z0-9-]+)\.(.+)\.(\d+)\.(\d+)$/.exec(name);
  if (httproute) return { kind: "HTTPRoute", namespace: httproute[1], name: httproute[2] };
  const backend = service ? backendHint({ name: service.name, host: service.host, port: service.port, tags: service.tags }) : undefined;
  if (!backend || backend.via === "host") return undefined;
  const prefix = `${backend.namespace}.`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  // 3.x: cut the trailing ".<port>" and split at ".<svc>." (Ingress names may contain dots).
  const suffix = backend.port !== undefined ? `.${backend.port}` : "";
  if (suffix && rest.endsWith(suffix)) {
    const middle = rest.slice(0, -suffix.length);
    const at = middle.indexOf(`.${backend.name}.`);
    if (at > 0) return { kind: "Ingress", namespace: backend.namespace, name: middle.slice(0, at) };
  }
  const v2 = /^(.+)\.(\d+)$/.exec(rest);
  if (v2) return { kind: "Ingress", namespace: backend.namespace, name: v2[1] };
  return undefined;
}
