// The Kong service fields of a registration's upstream: a Service from the catalog (addressed by
// its cluster DNS name, as a gateway in that cluster reaches it) or a URL. Either passes the
// upstream guard (lib/net/check-upstream.ts) before any gateway is touched.
import type { PrismaClient } from "../db/generated/client";
import type { TRegistration } from "../api/schemas/registration";
import type { ServiceInfo } from "../catalog/types";
import { ApiError } from "../api/errors";
import { checkUpstream, UpstreamRefusedError, type UpstreamPolicy } from "../net/check-upstream";
import { upstreamPolicy } from "./upstream-policy";
import { checkServiceUpstream } from "./check-service-upstream";

export type UpstreamFields = { protocol: "http" | "https"; host: string; port: number; path: string | null };

/**
 * Resolves the upstream; 422 naming the field when the Service or its port does not exist, or
 * when the guard refuses the address.
 * @param policy the guard's settings (default: from the configuration)
 */
export async function resolveUpstream(
  prisma: PrismaClient,
  upstream: TRegistration["upstream"],
  clusterDomain: string,
  policy: UpstreamPolicy = upstreamPolicy(),
): Promise<UpstreamFields> {
  if ("url" in upstream) {
    const u = new URL(upstream.url);
    const protocol = u.protocol === "https:" ? "https" : "http";
    const fields = { protocol, host: u.hostname, port: u.port ? Number(u.port) : protocol === "https" ? 443 : 80, path: u.pathname && u.pathname !== "/" ? u.pathname : null } as const;
    await guard(() => checkUpstream(fields.host, fields.port, policy), "upstream.url");
    return fields;
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
  await guard(() => checkServiceUpstream(svc, ref.port, { ...policy, clusterDomain }), "upstream.service");
  return { protocol: https ? "https" : "http", host: `${ref.name}.${ref.namespace}.svc.${clusterDomain}`, port: ref.port, path: null };
}

async function guard(check: () => Promise<void>, field: string): Promise<void> {
  try {
    await check();
  } catch (err) {
    // A malformed list is the operator's problem (500, logged), not the caller's.
    if (err instanceof UpstreamRefusedError && err.reason !== "config") throw invalid(field, err.message);
    throw err;
  }
}

function invalid(field: string, message: string): ApiError {
  return new ApiError("validation_failed", `${field}: ${message}`, { issues: [{ field: `body.${field}`, message }] });
}
