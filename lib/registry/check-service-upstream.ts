// The upstream guard for a catalog Service: its cluster DNS name, and for an ExternalName
// Service also the name the cluster's DNS answers with (where the gateway really connects).
import type { ServiceInfo } from "../catalog/types";
import { checkUpstream, type UpstreamPolicy } from "../net/check-upstream";

/** Throws UpstreamRefusedError when the gateway must not be pointed at `svc`'s `port`. */
export async function checkServiceUpstream(svc: ServiceInfo, port: number, policy: UpstreamPolicy): Promise<void> {
  await checkUpstream(`${svc.name}.${svc.namespace}.svc.${policy.clusterDomain}`, port, policy);
  if (svc.type === "ExternalName" && svc.externalName) await checkUpstream(svc.externalName, port, policy);
}
