// Server-side defaults per kind (reference §3): what a real API server adds to a created or
// updated object, so clients see the same shapes from the sandbox as from a cluster.
import { applyWorkloadDefaults } from "./defaults-workloads";
import { defaultService } from "./service";
import type { Json, KubeObject } from "./types";

const ROOT_MATCH = () => ({ path: { type: "PathPrefix", value: "/" } });

/** The Gateway API CRD's status default: conditions waiting for a controller. */
function pendingGatewayStatus(): Json {
  const cond = (type: string) => ({
    lastTransitionTime: "1970-01-01T00:00:00Z", message: "Waiting for controller", reason: "Pending", status: "Unknown", type,
  });
  return { conditions: [cond("Accepted"), cond("Programmed")] };
}

/** HTTPRoute defaults from the CRD's OpenAPI schema (§3.4). */
function defaultHTTPRoute(obj: KubeObject): void {
  const spec: Json = (obj.spec ??= {});
  for (const ref of spec.parentRefs ?? []) {
    ref.group ??= "gateway.networking.k8s.io";
    ref.kind ??= "Gateway";
  }
  spec.rules ??= [{ matches: [ROOT_MATCH()] }];
  for (const rule of spec.rules) {
    rule.matches ??= [ROOT_MATCH()];
    for (const m of rule.matches) {
      m.path ??= { type: "PathPrefix", value: "/" };
      m.path.type ??= "PathPrefix";
      m.path.value ??= "/";
      for (const h of m.headers ?? []) h.type ??= "Exact";
      for (const q of m.queryParams ?? []) q.type ??= "Exact";
    }
    for (const b of rule.backendRefs ?? []) {
      b.group ??= "";
      b.kind ??= "Service";
      b.weight ??= 1;
    }
  }
}

function defaultGateway(obj: KubeObject): void {
  for (const l of obj.spec?.listeners ?? []) {
    l.allowedRoutes ??= { namespaces: { from: "Same" } };
    l.allowedRoutes.namespaces ??= { from: "Same" };
    l.allowedRoutes.namespaces.from ??= "Same";
  }
}

/** Applies the kind's defaults in place (create and update alike, as decoding does). */
export function applyDefaults(kind: string, obj: KubeObject, old?: KubeObject): void {
  switch (kind) {
    case "Service":
      defaultService(obj, old);
      break;
    case "Namespace":
      obj.spec ??= {};
      obj.spec.finalizers ??= ["kubernetes"];
      obj.metadata.labels = { ...obj.metadata.labels, "kubernetes.io/metadata.name": obj.metadata.name ?? "" };
      break;
    case "EndpointSlice":
      for (const p of obj.ports ?? []) {
        p.name ??= "";
        p.protocol ??= "TCP";
      }
      break;
    case "HTTPRoute":
      defaultHTTPRoute(obj);
      break;
    case "Gateway":
      defaultGateway(obj);
      break;
    default:
      applyWorkloadDefaults(kind, obj);
  }
}

/**
 * The status a new object starts with: writes to the main resource never set status, except
 * for Nodes (whose strategy lets the kubelet register with a status). Undefined = no status.
 */
export function initialStatus(kind: string, requested: unknown): Json | undefined {
  switch (kind) {
    case "Service":
    case "Ingress":
      return { loadBalancer: {} };
    case "Namespace":
      return { phase: "Active" };
    case "Gateway":
      return pendingGatewayStatus();
    case "Deployment":
      // No controller runs, so the status stays as created: empty.
      return {};
    case "Node":
      return (requested as Json | undefined) ?? {};
    default:
      return undefined;
  }
}
