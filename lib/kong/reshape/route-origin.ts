// The Kubernetes object a Kong Ingress Controller route was made from: its k8s-* tags, else
// KIC's route naming (3.x `<ns>.<ingress>.<svc>.<host>.<port>`, 2.x `<ns>.<ingress>.<i><j>`,
// Gateway API `httproute.<ns>.<name>.<rule>.<match>`).
import type { GatewayServiceInfo } from "../../catalog/types";
import type { KongRoute, KongService } from "../schemas";
import { backendHint } from "./backend-hint";
import { tagMap } from "./tags";

export type RouteOrigin = { kind: string; namespace: string; name: string; uid?: string };

const HTTPROUTE_NAME = /^httproute\.([a-z0-9-]+)\.(.+)\.(\d+)\.(\d+)$/;

/** The origin a route's k8s-* tags name, if they do. */
function taggedOrigin(r: Pick<KongRoute, "tags">): RouteOrigin | undefined {
  const tags = tagMap(r.tags);
  const kind = tags.get("k8s-kind");
  if (!kind || !tags.get("k8s-name") || !tags.get("k8s-namespace")) return undefined;
  const uid = tags.get("k8s-uid");
  return { kind, namespace: tags.get("k8s-namespace")!, name: tags.get("k8s-name")!, ...(uid ? { uid } : {}) };
}

/**
 * True when routeOrigin reads the route's service: no k8s-* tags and no Gateway API name, so the
 * origin comes from KIC's naming of the route and of its service. A poll that finds such a
 * route's page unchanged must still read it again when its service changed.
 */
export function routeReadsService(r: Pick<KongRoute, "tags" | "name">): boolean {
  return !taggedOrigin(r) && !HTTPROUTE_NAME.test(r.name ?? "");
}

/**
 * Works out where a route came from, or undefined for routes no controller made. `service` is
 * its Kong service, as Kong gives it or as Signpost reshaped it (its backend hint is what counts).
 */
export function routeOrigin(r: KongRoute, service?: KongService | GatewayServiceInfo): RouteOrigin | undefined {
  const tagged = taggedOrigin(r);
  if (tagged) return tagged;
  const name = r.name ?? "";
  const httproute = HTTPROUTE_NAME.exec(name);
  if (httproute) return { kind: "HTTPRoute", namespace: httproute[1], name: httproute[2] };
  const backend = !service
    ? undefined
    : "gateway" in service
      ? service.backend
      : backendHint({ name: service.name, host: service.host, port: service.port, tags: service.tags });
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
