// The manifest a registration would apply through a cluster, for teams that change clusters
// only through Git: the same objects, as YAML, and nothing applied.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { kongFailure } from "./kong-failure";
import { resolveGateway } from "./resolve-gateway";
import { registrationPath } from "./registration-path";
import { manifestYaml, plannedObjects } from "./register-through-cluster";

/** The YAML documents registering `body` through its gateway's cluster would apply. */
export async function registrationManifest(body: TRegistration, o: { db: Db; gateways: TGatewayConfig[] }): Promise<{ yaml: string; via: string; object: string }> {
  const gw = resolveGateway(o.gateways, body.gateway);
  let path;
  try {
    path = await registrationPath(o.db, gw);
  } catch (err) {
    throw kongFailure(err, gw.name);
  }
  if (path.via === "admin-api") {
    // A gateway with a database still has an Ingress Controller when a cluster feeds it.
    if (!gw.cluster) {
      throw new ApiError("conflict", `gateway "${gw.name}" takes registrations through its Admin API and no cluster feeds it (cluster:); there is no manifest to write`);
    }
    path = { ...path, via: "manifest" as const, object: "ingress" as const, cluster: gw.cluster };
  }
  const objects = plannedObjects({ ...body, gateway: gw.name }, gw, path);
  return { yaml: manifestYaml(objects), via: path.via, object: path.object ?? "ingress" };
}
