// The order of exposure modes from most to least external. The proxy URL is the first
// exposure, in this order, that has an address.
import type { DerivedExposure, ExposureMode } from "./types";

const RANK: Record<ExposureMode, number> = {
  Gateway: 0,
  Ingress: 1,
  HTTPRoute: 2,
  LoadBalancer: 3,
  NodePort: 4,
  ClusterIP: 5,
  ExternalName: 6,
};

/** Rank of a mode: 0 is the most external. */
export function modeRank(mode: ExposureMode): number {
  return RANK[mode];
}

/**
 * Sorts exposures: by mode rank, addressed before pending, https before http, node ports on an
 * external address before those on a node's internal one (the proxy URL is the most external
 * address), nodes by name, then by URL.
 */
export function sortExposures(list: DerivedExposure[]): DerivedExposure[] {
  return [...list].sort(
    (a, b) =>
      RANK[a.mode] - RANK[b.mode] ||
      Number(a.url === null) - Number(b.url === null) ||
      Number(!a.url?.startsWith("https:")) - Number(!b.url?.startsWith("https:")) ||
      Number(a.details.addressType === "InternalIP") - Number(b.details.addressType === "InternalIP") ||
      String(a.details.node ?? "").localeCompare(String(b.details.node ?? "")) ||
      (a.url ?? "").localeCompare(b.url ?? "") ||
      `${a.source.namespace}/${a.source.name}`.localeCompare(`${b.source.namespace}/${b.source.name}`),
  );
}

/** The proxy exposure: the first sorted exposure with an address, else the first one. */
export function pickProxy(sorted: DerivedExposure[]): DerivedExposure | undefined {
  return sorted.find((e) => e.url !== null) ?? sorted[0];
}
