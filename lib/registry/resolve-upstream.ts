// The Kong service fields of a registration's upstream: a Service from the catalog (addressed by
// its cluster DNS name, as a gateway in that cluster reaches it) or a URL.
import type { PrismaClient } from "../db/generated/client";
import type { TRegistration } from "../api/schemas/registration";
import type { ServiceInfo } from "../catalog/types";
import { ApiError } from "../api/errors";

export type UpstreamFields = { protocol: "http" | "https"; host: string; port: number; path: string | null };

/** Resolves the upstream; 422 naming the field when the Service or its port does not exist. */
export async function resolveUpstream(prisma: PrismaClient, upstream: TRegistration["upstream"], clusterDomain: string): Promise<UpstreamFields> {
  if ("url" in upstream) {
    const u = new URL(upstream.url);
    const protocol = u.protocol === "https:" ? "https" : "http";
    return { protocol, host: u.hostname, port: u.port ? Number(u.port) : protocol === "https" ? 443 : 80, path: u.pathname && u.pathname !== "/" ? u.pathname : null };
  }
  const ref = upstream.service;
  const row = await prisma.sourceObject.findFirst({
    where: { kind: "Service", namespace: ref.namespace, name: ref.name, goneAt: null, source: { kind: "cluster", name: ref.cluster } },
  });
  if (!row) {
    throw invalid("upstream.service", `no Service ${ref.namespace}/${ref.name} in cluster "${ref.cluster}" is in the catalog`);
  }
  const svc = row.data as unknown as ServiceInfo;
  const port = svc.ports.find((p) => p.port === ref.port);
  if (!port) {
    throw invalid("upstream.service.port", `Service ${ref.namespace}/${ref.name} has no port ${ref.port} (ports: ${svc.ports.map((p) => p.port).join(", ") || "none"})`);
  }
  const https = port.port === 443 || port.appProtocol === "https" || Boolean(port.name?.startsWith("https"));
  return { protocol: https ? "https" : "http", host: `${ref.name}.${ref.namespace}.svc.${clusterDomain}`, port: ref.port, path: null };
}

function invalid(field: string, message: string): ApiError {
  return new ApiError("validation_failed", `${field}: ${message}`, { issues: [{ field: `body.${field}`, message }] });
}
