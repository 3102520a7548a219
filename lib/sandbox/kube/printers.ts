// Server-side printer columns (kube-apiserver pkg/printers/internalversion, CRD printer columns),
// so `kubectl get` shows the same columns and cells as against a real cluster (reference §2.5).
// The server always generates the wide columns; kubectl hides priority>0 unless `-o wide`.
import { swaggerDoc } from "./swagger-doc";
import { AGE, age, col, NAME, type Printer } from "./printer-columns";
import { WORKLOAD_PRINTERS } from "./printers-workloads";
import type { Json, KubeObject } from "./types";

export type { Printer, TableColumn } from "./printer-columns";
export { humanDuration } from "./printer-columns";

/** Sorted, de-duplicated IPs/hostnames of a LoadBalancerStatus (server prints wide: no truncation). */
function lbStatus(lb: Json | undefined): string {
  const set = new Set<string>();
  for (const i of lb?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(",");
}

function serviceExternalIP(spec: Json, status: Json | undefined): string {
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return ext.length ? ext.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = lbStatus(status?.loadBalancer);
      if (ext.length) return [...(lb ? lb.split(",") : []), ...ext].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
  }
  return "<unknown>";
}

const formatLabels = (m: Record<string, string> | undefined) =>
  m && Object.keys(m).length ? Object.keys(m).sort().map((k) => `${k}=${m[k]}`).join(",") : "<none>";

const SERVICE_SPEC = "io.k8s.api.core.v1.ServiceSpec";
const NODE_INFO = "io.k8s.api.core.v1.NodeSystemInfo";

const SERVICE: Printer = {
  columns: [NAME,
    col("Type", swaggerDoc(SERVICE_SPEC, "type")),
    col("Cluster-IP", swaggerDoc(SERVICE_SPEC, "clusterIP")),
    col("External-IP", swaggerDoc(SERVICE_SPEC, "externalIPs")),
    col("Port(s)", swaggerDoc(SERVICE_SPEC, "ports")),
    AGE,
    col("Selector", swaggerDoc(SERVICE_SPEC, "selector"), 1)],
  cells(obj, now) {
    const spec: Json = obj.spec ?? {};
    const ports = (spec.ports ?? []).map((p: Json) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(",");
    return [obj.metadata.name, spec.type, spec.clusterIPs?.[0] ?? "<none>", serviceExternalIP(spec, obj.status), ports || "<none>", age(obj, now), formatLabels(spec.selector)];
  },
};

function ingressHosts(rules: Json[]): string {
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (!list.length) return "*";
  return more ? `${list.join(",")} + ${rules.length - 3} more...` : list.join(",");
}

const INGRESS: Printer = {
  columns: [NAME,
    col("Class", "The name of the IngressClass resource that should be used for additional configuration"),
    col("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
    col("Address", "Address is a list containing ingress points for the load-balancer"),
    col("Ports", "Ports of TLS configurations that open"),
    AGE],
  cells(obj, now) {
    const spec: Json = obj.spec ?? {};
    return [obj.metadata.name, spec.ingressClassName ?? "<none>", ingressHosts(spec.rules ?? []), lbStatus(obj.status?.loadBalancer),
      (spec.tls ?? []).length ? "80, 443" : "80", age(obj, now)];
  },
};

function listWithMore(list: string[], count: number): string {
  if (count > 3) return `${list.slice(0, 3).join(",")} + ${count - 3} more...`;
  return list.join(",") || "<unset>";
}

const ENDPOINT_SLICE: Printer = {
  columns: [NAME, col("AddressType", "The IP protocol for this slice"), col("Ports", "The ports for this slice"),
    col("Endpoints", "First three endpoints for this slice"), AGE],
  cells(obj, now) {
    const ports = (obj.ports ?? []).map((p: Json) => (p.port != null ? String(p.port) : p.name ?? "*"));
    const addrs = (obj.endpoints ?? []).flatMap((e: Json) => e.addresses ?? []);
    return [obj.metadata.name, obj.addressType, listWithMore(ports, ports.length), listWithMore(addrs, addrs.length), age(obj, now)];
  },
};

function nodeAddress(obj: KubeObject, type: string): string {
  return (obj.status?.addresses ?? []).find((a: Json) => a.type === type)?.address ?? "<none>";
}

const NODE: Printer = {
  columns: [NAME, col("Status", "The status of the node"), col("Roles", "The roles of the node"), AGE,
    col("Version", swaggerDoc(NODE_INFO, "kubeletVersion")), col("Internal-IP", swaggerDoc("io.k8s.api.core.v1.NodeStatus", "addresses"), 1),
    col("External-IP", swaggerDoc("io.k8s.api.core.v1.NodeStatus", "addresses"), 1),
    col("OS-Image", swaggerDoc(NODE_INFO, "osImage"), 1),
    col("Kernel-Version", swaggerDoc(NODE_INFO, "kernelVersion"), 1),
    col("Container-Runtime", swaggerDoc(NODE_INFO, "containerRuntimeVersion"), 1)],
  cells(obj, now) {
    const ready = (obj.status?.conditions ?? []).find((c: Json) => c.type === "Ready");
    let status = ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown";
    if (obj.spec?.unschedulable) status += ",SchedulingDisabled";
    const roles = Object.keys(obj.metadata.labels ?? {}).filter((k) => k.startsWith("node-role.kubernetes.io/")).map((k) => k.slice(24)).sort();
    const info: Json = obj.status?.nodeInfo ?? {};
    return [obj.metadata.name, status, roles.join(",") || "<none>", age(obj, now), info.kubeletVersion ?? "",
      nodeAddress(obj, "InternalIP"), nodeAddress(obj, "ExternalIP"), info.osImage ?? "<unknown>", info.kernelVersion ?? "<unknown>", info.containerRuntimeVersion ?? "<unknown>"];
  },
};

const NAMESPACE: Printer = {
  columns: [NAME, col("Status", "The status of the namespace"), AGE],
  cells: (obj, now) => [obj.metadata.name, obj.status?.phase ?? "", age(obj, now)],
};

const INGRESS_CLASS: Printer = {
  columns: [NAME, col("Controller", "Controller that is responsible for handling this class"), col("Parameters", "A reference to a resource with additional parameters"), AGE],
  cells(obj, now) {
    const p: Json | undefined = obj.spec?.parameters;
    const params = p ? `${p.kind}.${p.apiGroup ?? ""}/${p.name}`.replace("./", "/") : "<none>";
    return [obj.metadata.name, obj.spec?.controller ?? "", params, age(obj, now)];
  },
};

// CRD printer columns print JSONPath results; arrays come out as JSON.
const json = (v: unknown) => (v === undefined ? "" : Array.isArray(v) || typeof v === "object" ? JSON.stringify(v) : String(v));

const HTTP_ROUTE: Printer = {
  columns: [NAME, col("Hostnames", ""), AGE],
  cells: (obj, now) => [obj.metadata.name, json(obj.spec?.hostnames), age(obj, now)],
};

const GATEWAY: Printer = {
  columns: [NAME, col("Class", ""), col("Address", ""), col("Programmed", ""), AGE],
  cells(obj, now) {
    const addrs = (obj.status?.addresses ?? []).map((a: Json) => a.value);
    const programmed = (obj.status?.conditions ?? []).find((c: Json) => c.type === "Programmed")?.status ?? "";
    return [obj.metadata.name, obj.spec?.gatewayClassName ?? "", addrs.join(" "), programmed, age(obj, now)];
  },
};

const DEFAULT: Printer = { columns: [NAME, AGE], cells: (obj, now) => [obj.metadata.name, age(obj, now)] };

const PRINTERS: Record<string, Printer> = {
  Service: SERVICE, Ingress: INGRESS, EndpointSlice: ENDPOINT_SLICE, Node: NODE, Namespace: NAMESPACE,
  IngressClass: INGRESS_CLASS, HTTPRoute: HTTP_ROUTE, Gateway: GATEWAY, ...WORKLOAD_PRINTERS,
};

/** The printer of a kind (Name/Age for kinds without one). */
export function printerFor(kind: string): Printer {
  return PRINTERS[kind] ?? DEFAULT;
}
