// Registers an API on a gateway: validates, checks conflicts, creates the Kong service and route
// tagged as Signpost's own, and records it so the catalog shows it at once. No half
// registrations: a failed route removes the service; an unreachable gateway records nothing.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { getService, getRoute, nodeInfo, upsertService, upsertRoute, deleteService, type KongTarget } from "../kong";
import { reshapeKongRoute, reshapeKongService } from "../kong/reshape/reshape-kong";
import { SIGNPOST_TAG, signpostTags } from "../kong/reshape/tags";
import { stableStringify } from "../catalog/merge-contributions";
import { findConflictingRoute } from "./conflicting-route";
import { kongTarget, resolveGateway } from "./resolve-gateway";
import { resolveUpstream } from "./resolve-upstream";
import { saveRegistration } from "./save-registration";
import { kongFailure } from "./kong-failure";

export type RegisterResult = { apiId: string; status: 200 | 201 };

export type RegisterOptions = {
  db: Db;
  gateways: TGatewayConfig[];
  clusterDomain: string;
  actor: string;
  origin: "rest" | "form" | "cli" | "annotation";
  /** replace an existing registration of this name with different settings (PUT) */
  replace?: boolean;
};

/** Registers `body`; 201 when created, 200 when the same registration already existed. */
export async function registerApi(body: TRegistration, o: RegisterOptions): Promise<RegisterResult> {
  const gw = resolveGateway(o.gateways, body.gateway);
  const reg = { ...body, gateway: gw.name };
  const target = kongTarget(gw);
  const prisma = o.db.prisma;

  const taken = await prisma.api.findFirst({ where: { name: reg.name, goneAt: null, NOT: { key: `api:${reg.name}` } } });
  if (taken) {
    throw new ApiError("conflict", `the name "${reg.name}" is taken by the API ${taken.key} (microservice ${taken.microservice ?? "unknown"}); choose another name`, {
      conflict: { kind: "name", apiId: taken.id, key: taken.key },
    });
  }
  const previous = await prisma.registration.findUnique({ where: { gateway_name: { gateway: gw.name, name: reg.name } } });
  const sameAsBefore = previous && !previous.deletedAt && stableStringify(previous.spec) === stableStringify(reg);
  if (previous && !previous.deletedAt && !sameAsBefore && !o.replace) {
    throw new ApiError("conflict", `"${reg.name}" is already registered on gateway "${gw.name}" with different settings; PUT /api/v1/registrations/${gw.name}/${reg.name} replaces it`, {
      conflict: { kind: "registration", gateway: gw.name, name: reg.name },
    });
  }
  const upstream = await resolveUpstream(prisma, reg.upstream, o.clusterDomain);

  try {
    const info = await nodeInfo(target);
    if (info.dbless) {
      throw new ApiError("conflict", `gateway "${gw.name}" runs without a database (DB-less): its configuration is read-only and comes from the Kong Ingress Controller. Register the API the Kubernetes way instead: an Ingress of class kong`, {
        readOnly: true,
        suggestion: ingressSuggestion(reg),
      });
    }
    await assertOwnOrAbsent(target, reg.name);
    const conflict = await findConflictingRoute(o.db.pool, target, { name: reg.name, hosts: reg.route.hosts ?? null, paths: reg.route.paths, methods: reg.route.methods ?? null });
    if (conflict) {
      throw new ApiError(
        "conflict",
        `path ${conflict.path}${conflict.host ? ` on host ${conflict.host}` : ""} is already routed on gateway "${gw.name}" by route ${conflict.route.name ?? conflict.route.id}`,
        { conflict: { kind: "route", route: conflict.route.name ?? conflict.route.id, path: conflict.path, host: conflict.host } },
      );
    }
    const tags = signpostTags(reg);
    const service = await upsertService(target, reg.name, { ...upstream, tags });
    let route;
    try {
      route = await upsertRoute(target, reg.name, {
        service: { id: service.id },
        paths: reg.route.paths,
        hosts: reg.route.hosts?.length ? reg.route.hosts : null,
        methods: reg.route.methods?.length ? reg.route.methods : null,
        strip_path: reg.route.stripPath,
        tags,
      });
    } catch (err) {
      // No half registrations: the service goes with the route that could not be created.
      await deleteService(target, service.id).catch(() => {});
      throw err;
    }
    const saved = await saveRegistration(o.db, {
      reg,
      origin: o.origin,
      actor: o.actor,
      source: { name: gw.name, proxyUrl: gw.proxyUrl, dbless: false },
      service: reshapeKongService(gw.name, service),
      route: reshapeKongRoute(gw.name, route, service),
    });
    // 201 for a new registration; 200 when it existed (the same again, or replaced by PUT).
    return { apiId: saved.apiId, status: previous && !previous.deletedAt ? 200 : 201 };
  } catch (err) {
    throw kongFailure(err, gw.name);
  }
}

/** Refuses to overwrite a Kong service or route of this name that Signpost did not create. */
async function assertOwnOrAbsent(target: KongTarget, name: string): Promise<void> {
  for (const [what, found] of [
    ["service", await getService(target, name)],
    ["route", await getRoute(target, name)],
  ] as const) {
    if (found && !(found.tags ?? []).includes(SIGNPOST_TAG)) {
      throw new ApiError("conflict", `gateway "${target.name}" already has a ${what} named "${name}" that Signpost did not create; Signpost never modifies it`, {
        conflict: { kind: what, name },
      });
    }
  }
}

function ingressSuggestion(reg: TRegistration): string {
  const svc = "service" in reg.upstream ? reg.upstream.service : null;
  const paths = reg.route.paths
    .map((p) => `          - path: ${p}\n            pathType: Prefix\n            backend:\n              service:\n                name: ${svc?.name ?? "<service>"}\n                port:\n                  number: ${svc?.port ?? 80}`)
    .join("\n");
  return [
    "apiVersion: networking.k8s.io/v1",
    "kind: Ingress",
    "metadata:",
    `  name: ${reg.name}`,
    `  namespace: ${svc?.namespace ?? "<namespace>"}`,
    ...(reg.route.stripPath ? ["  annotations:", '    konghq.com/strip-path: "true"'] : []),
    "spec:",
    "  ingressClassName: kong",
    "  rules:",
    `    - ${reg.route.hosts?.[0] ? `host: ${reg.route.hosts[0]}\n      ` : ""}http:`,
    "        paths:",
    paths,
  ].join("\n");
}

