// Service defaulting, validation and IP/port allocation (reference §3.1): what kube-apiserver's
// SetDefaults_Service, service strategy (PrepareForUpdate), ValidateService and the REST
// allocators do, reduced to the single-stack IPv4 cluster the sandbox is.
import { NODE_PORT_MAX, NODE_PORT_MIN, SERVICE_CIDR, ServiceAllocator, isIPv4 } from "./allocator";
import { fieldError, type FieldError } from "./field-errors";
import type { Json, KubeObject } from "./types";

const TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const needsClusterIP = (s: Json) => s.type !== "ExternalName";
const needsNodePorts = (s: Json) => s.type === "NodePort" || (s.type === "LoadBalancer" && s.allocateLoadBalancerNodePorts !== false);
const externallyAccessible = (s: Json) => s.type === "NodePort" || s.type === "LoadBalancer";
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Carries allocated values over on update and drops fields the new type does not use. */
function prepareForUpdate(spec: Json, old: Json): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP) spec.clusterIP = old.clusterIP;
    // clusterIPs follow only when the user did not pick another clusterIP.
    if (!spec.clusterIPs?.length && spec.clusterIP === old.clusterIP) spec.clusterIPs = old.clusterIPs;
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    const byName = new Map<string, number>((old.ports ?? []).map((p: Json) => [p.name ?? "", p.nodePort]));
    const usedByNew = new Set((spec.ports ?? []).map((p: Json) => p.nodePort).filter(Boolean));
    for (const p of spec.ports ?? []) {
      const oldPort = byName.get(p.name ?? "");
      if (!p.nodePort && oldPort && !usedByNew.has(oldPort)) p.nodePort = oldPort;
    }
  }
  if (old.type === "LoadBalancer" && spec.type === "LoadBalancer" && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (spec.clusterIP === old.clusterIP) delete spec.clusterIP;
    if (same(spec.clusterIPs, old.clusterIPs)) delete spec.clusterIPs;
    if (same(spec.ipFamilies, old.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === old.ipFamilyPolicy) delete spec.ipFamilyPolicy;
    if (spec.internalTrafficPolicy === old.internalTrafficPolicy) delete spec.internalTrafficPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(spec)) {
    const oldPorts = new Set((old.ports ?? []).map((p: Json) => p.nodePort));
    for (const p of spec.ports ?? []) if (oldPorts.has(p.nodePort)) delete p.nodePort;
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && spec.externalTrafficPolicy === old.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.healthCheckNodePort === old.healthCheckNodePort) delete spec.healthCheckNodePort;
  }
}

/** SetDefaults_Service, plus the create/update strategy's field handling. Mutates `svc`. */
export function defaultService(svc: KubeObject, old?: KubeObject): void {
  const spec: Json = (svc.spec ??= {});
  spec.type ??= "ClusterIP";
  spec.sessionAffinity ??= "None";
  if (old) prepareForUpdate(spec, old.spec ?? {});
  for (const p of spec.ports ?? []) {
    if (typeof p !== "object" || p === null) continue;
    p.protocol ??= "TCP";
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
  }
  if (spec.sessionAffinity === "ClientIP") spec.sessionAffinityConfig ??= { clientIP: { timeoutSeconds: 10800 } };
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ??= "Cluster";
  if (spec.type !== "ExternalName") spec.internalTrafficPolicy ??= "Cluster";
  if (spec.type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
  if (needsClusterIP(spec)) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
  }
}

/** ValidateService (+ ValidateServiceUpdate): the static checks, before any allocation. */
export function validateService(svc: KubeObject, old?: KubeObject): FieldError[] {
  const spec: Json = svc.spec ?? {};
  const errs: FieldError[] = [];
  if (!TYPES.includes(spec.type)) errs.push(fieldError.notSupported("spec.type", spec.type, TYPES));
  const headless = spec.clusterIP === "None";
  const ports: Json[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && !headless && spec.type !== "ExternalName") errs.push(fieldError.required("spec.ports"));
  const names = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(fieldError.required(`${path}.name`));
    else if (p.name && !DNS_LABEL.test(p.name)) {
      errs.push(fieldError.invalid(`${path}.name`, p.name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    } else if (p.name && names.has(p.name)) errs.push(fieldError.duplicate(`${path}.name`, p.name));
    if (p.name) names.add(p.name);
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
      errs.push(fieldError.invalid(`${path}.port`, p.port ?? 0, "must be between 1 and 65535, inclusive"));
    }
    if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldError.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.targetPort === "number" && (p.targetPort < 1 || p.targetPort > 65535)) {
      errs.push(fieldError.invalid(`${path}.targetPort`, p.targetPort, "must be between 1 and 65535, inclusive"));
    }
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (spec.type === "ClusterIP" || spec.type === "ExternalName") {
        errs.push(fieldError.forbidden(`${path}.nodePort`, `may not be used when \`type\` is '${spec.type}'`));
      } else if (nodePorts.has(`${p.nodePort}/${p.protocol}`)) {
        errs.push(fieldError.duplicate(`${path}.nodePort`, p.nodePort));
      }
      nodePorts.add(`${p.nodePort}/${p.protocol}`);
    }
  });
  if (spec.type === "ExternalName") {
    if (spec.clusterIP || spec.clusterIPs?.length) errs.push(fieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if (!spec.externalName) errs.push(fieldError.required("spec.externalName"));
  } else {
    const ips: string[] = spec.clusterIPs ?? [];
    if (spec.clusterIP && ips.length && ips[0] !== spec.clusterIP) {
      errs.push(fieldError.invalid("spec.clusterIPs", ips, "first value must match `clusterIP`"));
    }
    ips.forEach((ip, i) => {
      if (ip !== "None" && !isIPv4(ip)) errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    });
    if (headless && externallyAccessible(spec)) {
      errs.push(fieldError.invalid("spec.clusterIPs[0]", "None", `may not be set to 'None' for ${spec.type} services`));
    }
    const oldSpec: Json | undefined = old?.spec;
    if (oldSpec && needsClusterIP(oldSpec) && oldSpec.clusterIP && spec.clusterIP && spec.clusterIP !== oldSpec.clusterIP) {
      errs.push(fieldError.invalid("spec.clusterIPs[0]", [spec.clusterIP], "may not change once set"));
    }
  }
  if (!["ClientIP", "None"].includes(spec.sessionAffinity)) {
    errs.push(fieldError.notSupported("spec.sessionAffinity", spec.sessionAffinity, ["ClientIP", "None"]));
  }
  for (const f of ["externalTrafficPolicy", "internalTrafficPolicy"]) {
    if (spec[f] !== undefined && !["Cluster", "Local"].includes(spec[f])) errs.push(fieldError.notSupported(`spec.${f}`, spec[f], ["Cluster", "Local"]));
  }
  return errs;
}

/**
 * The allocator's checks for explicitly requested IPs and node ports (first failure only, as
 * the REST allocator returns). Values the previous version of the Service holds count as free.
 */
export function checkServiceAllocations(alloc: ServiceAllocator, svc: KubeObject, old?: KubeObject): FieldError[] {
  const spec: Json = svc.spec ?? {};
  const held = old ? ServiceAllocator.holdings(old) : { ips: [], ports: [] };
  if (needsClusterIP(spec)) {
    for (const ip of (spec.clusterIPs ?? []) as string[]) {
      if (ip === "None" || held.ips.includes(ip)) continue;
      if (!alloc.inRange(ip)) {
        return [fieldError.invalid("spec.clusterIPs", spec.clusterIPs, `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`)];
      }
      if (alloc.ipInUse(ip)) return [fieldError.invalid("spec.clusterIPs", spec.clusterIPs, `failed to allocate IP ${ip}: provided IP is already allocated`)];
    }
  }
  const ports: Json[] = spec.ports ?? [];
  for (let i = 0; i < ports.length; i++) {
    const np = ports[i].nodePort;
    if (!np || held.ports.includes(np)) continue;
    const path = `spec.ports[${i}].nodePort`;
    if (np < NODE_PORT_MIN || np > NODE_PORT_MAX) {
      return [fieldError.invalid(path, np, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`)];
    }
    if (alloc.portInUse(np)) return [fieldError.invalid(path, np, "provided port is already allocated")];
  }
  return [];
}

/** Takes the values: releases what `old` held, reserves explicit values, fills in the rest. */
export function allocateService(alloc: ServiceAllocator, svc: KubeObject, old?: KubeObject): void {
  const spec: Json = svc.spec ?? {};
  if (old) alloc.release(old);
  if (needsClusterIP(spec) && spec.clusterIP !== "None") {
    if (spec.clusterIP) alloc.reserveIp(spec.clusterIP);
    else spec.clusterIP = alloc.allocateIp();
    spec.clusterIPs = [spec.clusterIP];
  } else if (spec.clusterIP === "None") {
    spec.clusterIPs = ["None"];
  }
  for (const p of spec.ports ?? []) {
    if (p.nodePort) alloc.reservePort(p.nodePort);
  }
  if (needsNodePorts(spec)) {
    for (const p of spec.ports ?? []) if (!p.nodePort) p.nodePort = alloc.allocatePort();
  }
  if (spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local") {
    if (spec.healthCheckNodePort) alloc.reservePort(spec.healthCheckNodePort);
    else spec.healthCheckNodePort = alloc.allocatePort();
  }
}
