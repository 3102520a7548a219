// Exposures of one Service port, by the Service's own type. A type's inner addresses (the
// cluster DNS name of a NodePort Service, the node ports behind a LoadBalancer) are details of
// that exposure, not separate ones: each Service contributes the way its owner chose to publish.
import type { DerivedExposure, NodeInfo, ServiceInfo, ServicePortInfo } from "./types";
import { hostPort, schemeForPort } from "./urls";

export type ServiceExposureContext = {
  clusterDomain: string;
  /** nodes of the Service's cluster, sorted by name */
  nodes: NodeInfo[];
  /** for headless Services: the per-pod DNS names or addresses of ready endpoints */
  podAddresses?: string[];
};

/** Derives the exposures of `port` of `svc` (port null for a Service with no ports). */
export function deriveServiceExposures(
  svc: ServiceInfo,
  port: ServicePortInfo | null,
  ctx: ServiceExposureContext,
): DerivedExposure[] {
  const source = { kind: "Service" as const, cluster: svc.cluster, namespace: svc.namespace, name: svc.name };
  const dns = `${svc.name}.${svc.namespace}.svc.${ctx.clusterDomain}`;
  const p = port ?? { port: 0, targetPort: 0, protocol: "TCP" };
  const scheme = schemeForPort(p);
  const portDetails = port
    ? { port: port.port, targetPort: port.targetPort, protocol: port.protocol, ...(port.name ? { portName: port.name } : {}) }
    : {};
  const clusterUrl = `${scheme}://${hostPort(dns, p.port)}`;

  switch (svc.type) {
    case "ExternalName":
      return [
        {
          mode: "ExternalName",
          url: svc.externalName ?? null,
          status: svc.externalName ? "ready" : "pending",
          source,
          details: { ...portDetails, clusterUrl },
        },
      ];
    case "NodePort": {
      if (!port?.nodePort) return [clusterIpExposure()];
      const out: DerivedExposure[] = [];
      for (const node of ctx.nodes) {
        const address = node.externalIPs[0] ?? node.internalIPs[0];
        if (!address) continue;
        out.push({
          mode: "NodePort",
          url: `${scheme}://${hostPort(address, port.nodePort)}`,
          status: "ready",
          source,
          details: { ...portDetails, nodePort: port.nodePort, node: node.name, addressType: node.externalIPs[0] ? "ExternalIP" : "InternalIP", clusterUrl },
        });
      }
      if (out.length === 0) {
        out.push({
          mode: "NodePort",
          url: null,
          status: "pending",
          source,
          details: { ...portDetails, nodePort: port.nodePort, reason: "no node has an address", clusterUrl },
        });
      }
      return out;
    }
    case "LoadBalancer": {
      const nodePortDetail = port?.nodePort ? { nodePort: port.nodePort } : {};
      const addresses = svc.loadBalancer.map((a) => a.ip ?? a.hostname).filter((a): a is string => Boolean(a));
      if (addresses.length === 0) {
        return [
          {
            mode: "LoadBalancer",
            url: null,
            status: "pending",
            source,
            details: { ...portDetails, ...nodePortDetail, reason: "load balancer address pending", clusterUrl },
          },
        ];
      }
      return addresses.map((address) => ({
        mode: "LoadBalancer" as const,
        url: `${scheme}://${hostPort(address, p.port)}`,
        status: "ready" as const,
        source,
        details: { ...portDetails, ...nodePortDetail, clusterUrl },
      }));
    }
    default:
      return [clusterIpExposure()];
  }

  function clusterIpExposure(): DerivedExposure {
    const headless = svc.clusterIP === "None";
    // No virtual IP behind a headless name: DNS answers pod addresses, so callers use the target port.
    const headlessPort = typeof p.targetPort === "number" && p.targetPort > 0 ? p.targetPort : p.port;
    return {
      mode: "ClusterIP",
      url: headless ? `${scheme}://${hostPort(dns, headlessPort)}` : clusterUrl,
      status: "ready",
      source,
      details: headless
        ? { ...portDetails, headless: true, podAddresses: ctx.podAddresses ?? [] }
        : { ...portDetails, clusterIP: svc.clusterIP ?? null },
    };
  }
}
