// What a registration would do, without doing it: validation issues, conflicts (name, path on
// the gateway, read-only gateway) and the resulting proxy URL. The Register page calls it as the
// user types.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import { ZRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { registrationPath } from "./registration-path";
import { findClusterConflict } from "./cluster-route-conflict";
import { deriveGatewayExposures } from "../catalog/derive-gateway-exposures";
import { findConflictingRoute } from "./conflicting-route";
import { kongTarget, resolveGateway } from "./resolve-gateway";
import { resolveUpstream } from "./resolve-upstream";
import type { Actor } from "../auth/authenticate";
import { teamScopeRefusal } from "../auth/check-team-scope";

export type RegistrationPreview = {
  valid: boolean;
  issues: { field: string; message: string }[];
  conflicts: { kind: "name" | "route" | "registration" | "read-only" | "gateway"; message: string }[];
  proxyUrls: string[];
  upstream: string | null;
};

/** Previews `body` (any JSON) against the catalog and the gateway. */
export async function previewRegistration(body: unknown, o: { db: Db; gateways: TGatewayConfig[]; clusterDomain: string }): Promise<RegistrationPreview> {
  const out: RegistrationPreview = { valid: false, issues: [], conflicts: [], proxyUrls: [], upstream: null };
  const parsed = ZRegistration.safeParse(body);
  if (!parsed.success) {
    out.issues = parsed.error.issues.map((i) => ({ field: ["body", ...i.path].join("."), message: i.message }));
    return out;
  }
  const reg = parsed.data;
  let gw: TGatewayConfig;
  try {
    gw = resolveGateway(o.gateways, reg.gateway);
    const up = await resolveUpstream(o.db.prisma, reg.upstream, o.clusterDomain);
    out.upstream = `${up.protocol}://${up.host}:${up.port}${up.path ?? ""}`;
  } catch (err) {
    if (err instanceof ApiError) {
      out.issues = ((err.details as { issues?: RegistrationPreview["issues"] })?.issues ?? [{ field: "body", message: err.message }]);
      return out;
    }
    throw err;
  }
  const taken = await o.db.prisma.api.findFirst({ where: { name: reg.name, goneAt: null, NOT: { key: `api:${reg.name}` } } });
  if (taken) out.conflicts.push({ kind: "name", message: `the name "${reg.name}" is taken by the API ${taken.key}` });
  const previous = await o.db.prisma.registration.findUnique({ where: { gateway_name: { gateway: gw.name, name: reg.name } } });
  if (previous && !previous.deletedAt) out.conflicts.push({ kind: "registration", message: `"${reg.name}" is already registered on gateway "${gw.name}"` });
  try {
    const target = kongTarget(gw);
    const path = await registrationPath(o.db, gw);
    const mine = { name: reg.name, hosts: reg.route.hosts ?? null, paths: reg.route.paths, methods: reg.route.methods ?? null };
    if (path.via !== "admin-api" && "service" in reg.upstream) {
      const svc = reg.upstream.service;
      const own = { kind: path.object === "httproute" ? "HTTPRoute" : "Ingress", namespace: svc.namespace, name: reg.name };
      const inCluster = await findClusterConflict(o.db.pool, path.cluster ?? svc.cluster, { ...mine, origin: own }, own);
      if (inCluster) out.conflicts.push({ kind: "route", message: `path ${inCluster.path}${inCluster.host ? ` on host ${inCluster.host}` : ""} is already routed by ${inCluster.route.name}` });
      Object.assign(mine, { origin: own });
    } else if (path.via !== "admin-api") {
      out.issues.push({ field: "body.upstream", message: "registration through a cluster routes to a Kubernetes Service: choose a Service" });
    }
    const c = await findConflictingRoute(o.db.pool, target, mine);
    if (c) out.conflicts.push({ kind: "route", message: `path ${c.path}${c.host ? ` on host ${c.host}` : ""} is already routed by ${c.route.name ?? c.route.id}` });
  } catch (err) {
    out.conflicts.push({ kind: "gateway", message: (err as Error).message });
  }
  out.proxyUrls = deriveGatewayExposures(
    { gateway: gw.name, id: "preview", name: reg.name, protocols: ["http", "https"], hosts: reg.route.hosts ?? [], paths: reg.route.paths, methods: reg.route.methods ?? [], stripPath: reg.route.stripPath, managedBy: "signpost" },
    undefined,
    { name: gw.name, proxyUrl: gw.proxyUrl, dbless: false },
    [],
  )
    .map((e) => e.url)
    .filter((u): u is string => Boolean(u));
  out.valid = out.conflicts.length === 0 && out.issues.length === 0;
  return out;
}

/** The preview as `actor` gets it: a team-scoped editor is told what its scope does not cover. */
export async function previewRegistrationAs(body: unknown, actor: Actor | null, o: { db: Db; gateways: TGatewayConfig[]; clusterDomain: string }): Promise<RegistrationPreview> {
  const preview = await previewRegistration(body, o);
  const parsed = ZRegistration.safeParse(body);
  const refusal = parsed.success ? await teamScopeRefusal(o.db.prisma, actor, { action: "api.register", registration: parsed.data }) : null;
  return refusal ? { ...preview, valid: false, issues: [...preview.issues, refusal] } : preview;
}
