// Which Kubernetes Service a Kong service forwards to: the Kong Ingress Controller's k8s-* tags
// (most reliable), else its naming (3.x and 2.x), else a cluster DNS host name.
import type { BackendHint } from "../../catalog/types";
import { tagMap } from "./tags";

const DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const KIC_HOST = new RegExp(`^(${DNS_LABEL})\\.(${DNS_LABEL})\\.([a-z0-9-]+)\\.svc$`);
const CLUSTER_HOST = new RegExp(`^(${DNS_LABEL})\\.(${DNS_LABEL})\\.svc(\\.[a-z0-9.-]+)?$`);
const KIC3_NAME = new RegExp(`^(${DNS_LABEL})\\.(${DNS_LABEL})\\.([a-z0-9-]+)$`);
const KIC2_NAME = new RegExp(`^(${DNS_LABEL})\\.(${DNS_LABEL})\\.(pnum|pname)-([a-z0-9-]+)$`);

function port(v: string): number | string {
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** Works out the backend Service of a Kong service, or undefined when it has none. */
export function backendHint(svc: { name: string | null; host: string; port: number; tags: string[] | null }): BackendHint | undefined {
  const tags = tagMap(svc.tags);
  const fromName = nameParts(svc.name);
  const fromHost = KIC_HOST.exec(svc.host);
  if (tags.get("k8s-kind") === "Service" && tags.get("k8s-name") && tags.get("k8s-namespace") && tags.get("k8s-name") !== "UNKNOWN") {
    const uid = tags.get("k8s-uid");
    return {
      namespace: tags.get("k8s-namespace")!,
      name: tags.get("k8s-name")!,
      ...(uid && !/^0{8}-/.test(uid) ? { uid } : {}),
      ...(fromName?.port !== undefined ? { port: fromName.port } : fromHost ? { port: port(fromHost[5]) } : {}),
      via: "tags",
    };
  }
  // KIC's upstream host <svc>.<ns>.<port>.svc names namespace, Service and port unambiguously
  // (Kubernetes names have no dots); the service name confirms it when present.
  if (fromHost) return { namespace: fromHost[3], name: fromHost[1], port: port(fromHost[5]), via: "name" };
  if (fromName && (!svc.tags || svc.tags.length === 0 || tags.has("managed-by-ingress-controller"))) {
    return { namespace: fromName.namespace, name: fromName.service, ...(fromName.port !== undefined ? { port: fromName.port } : {}), via: "name" };
  }
  const dns = CLUSTER_HOST.exec(svc.host);
  if (dns) return { namespace: dns[3], name: dns[1], port: svc.port, via: "host" };
  return undefined;
}

/** KIC service names: 3.x `<ns>.<svc>.<port>`, 2.x `<ns>.<svc>.pnum-<n>` / `pname-<name>`. */
function nameParts(name: string | null): { namespace: string; service: string; port?: number | string } | undefined {
  if (!name) return undefined;
  const v2 = KIC2_NAME.exec(name);
  if (v2) return { namespace: v2[1], service: v2[3], port: v2[5] === "pnum" ? Number(v2[6]) : v2[6] };
  const v3 = KIC3_NAME.exec(name);
  if (v3) return { namespace: v3[1], service: v3[3], port: port(v3[5]) };
  return undefined;
}
