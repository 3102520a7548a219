// How APIs are registered on a gateway: through its Admin API (a gateway with a database),
// through the cluster that feeds it (an Ingress of the controller's class, or an HTTPRoute on
// the configured Gateway), or as a manifest returned for GitOps (nothing applied).
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import { nodeInfo } from "../kong";
import { kongTarget } from "./resolve-gateway";

export type RegisterVia = "admin-api" | "ingress" | "httproute" | "manifest";

export type RegistrationPath = {
  via: RegisterVia;
  /** the object a manifest (or a write through the cluster) holds */
  object: "ingress" | "httproute" | null;
  /** the cluster written to (ingress, httproute) */
  cluster: string | null;
  /** why this path, in a sentence (shown on the Register page) */
  reason: string;
};

/**
 * The path for gateway `gw`: configured (`registerVia`), else chosen from whether it has a
 * database (`dbless`) and whether its cluster serves the Gateway API (`gatewayApi`).
 */
export function choosePath(gw: TGatewayConfig, dbless: boolean, gatewayApi: boolean | null): RegistrationPath {
  const cluster = gw.cluster ?? null;
  const object = gw.parentRef && cluster && gatewayApi ? "httproute" : "ingress";
  if (gw.registerVia === "admin-api") return { via: "admin-api", object: null, cluster: null, reason: "configured: registerVia admin-api" };
  if (gw.registerVia === "ingress" || gw.registerVia === "httproute") {
    return { via: gw.registerVia, object: gw.registerVia, cluster, reason: `configured: registerVia ${gw.registerVia}` };
  }
  if (gw.registerVia === "manifest") return { via: "manifest", object, cluster, reason: "configured: registerVia manifest" };
  if (!dbless) return { via: "admin-api", object: null, cluster: null, reason: "the gateway has a database: its Admin API takes registrations" };
  if (!cluster) {
    return { via: "manifest", object: "ingress", cluster: null, reason: "the gateway is DB-less and no cluster is configured for it (cluster:), so Signpost returns the manifest" };
  }
  return {
    via: object,
    object,
    cluster,
    reason: `the gateway is DB-less: its Ingress Controller in cluster "${cluster}" configures it from ${object === "httproute" ? "HTTPRoutes" : "Ingresses"}`,
  };
}

/** Whether the cluster serves the Gateway API, as its sync last reported (null: unknown). */
export async function servesGatewayApi(db: Db, cluster: string | undefined): Promise<boolean | null> {
  if (!cluster) return null;
  const { rows } = await db.pool.query<{ g: boolean | null }>(
    `SELECT (info->>'gatewayApi')::boolean AS g FROM sources WHERE kind = 'cluster' AND name = $1`,
    [cluster],
  );
  return rows[0]?.g ?? null;
}

/** The gateway's registration path, asking the gateway whether it has a database when that decides it. */
export async function registrationPath(db: Db, gw: TGatewayConfig): Promise<RegistrationPath> {
  const gatewayApi = await servesGatewayApi(db, gw.cluster);
  if (gw.registerVia) return choosePath(gw, false, gatewayApi);
  return choosePath(gw, (await nodeInfo(kongTarget(gw))).dbless, gatewayApi);
}
