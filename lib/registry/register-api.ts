// Registers an API on a gateway: validates, checks conflicts, writes the Kong service, route and
// plugins tagged as Signpost's own, and records it so the catalog shows it at once. The gateway
// and the database always agree: changes of one name are serialised, what the gateway held is
// recorded first, and any failure (Kong's or the database's) puts the gateway back.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { nodeInfo, type KongTarget } from "../kong";
import { reshapeKongPlugin, reshapeKongRoute, reshapeKongService } from "../kong/reshape/reshape-kong";
import { SIGNPOST_TAG, signpostTags } from "../kong/reshape/tags";
import { stableStringify } from "../catalog/merge-contributions";
import { findConflictingRoute } from "./conflicting-route";
import { kongTarget, resolveGateway } from "./resolve-gateway";
import { resolveUpstream, type UpstreamFields } from "./resolve-upstream";
import { applyKongState, type DesiredKongState, type KongState } from "./kong-state";
import { changeRegistration } from "./change-registration";
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
  const upstream = await resolveUpstream(prisma, reg.upstream, o.clusterDomain);

  try {
    const info = await nodeInfo(target);
    if (info.dbless) {
      throw new ApiError("conflict", `gateway "${gw.name}" runs without a database (DB-less): its configuration is read-only and comes from the Kong Ingress Controller. Register the API the Kubernetes way instead: an Ingress of class kong`, {
        readOnly: true,
        suggestion: ingressSuggestion(reg),
      });
    }
    // One change of this name at a time, across processes; what the gateway held is recorded
    // before it is touched, so any failure (or a crash) puts it back.
    let existed = false;
    const saved = await changeRegistration(o.db, o.gateways, target, { name: reg.name, op: "register", spec: reg, actor: o.actor }, {
      check: async (current) => {
        const prev = await prisma.registration.findUnique({ where: { gateway_name: { gateway: gw.name, name: reg.name } } });
        const sameAsBefore = prev && !prev.deletedAt && stableStringify(prev.spec) === stableStringify(reg);
        if (prev && !prev.deletedAt && !sameAsBefore && !o.replace) {
          throw new ApiError("conflict", `"${reg.name}" is already registered on gateway "${gw.name}" with different settings; PUT /api/v1/registrations/${gw.name}/${reg.name} replaces it`, {
            conflict: { kind: "registration", gateway: gw.name, name: reg.name },
          });
        }
        existed = Boolean(prev && !prev.deletedAt);
        assertOwnOrAbsent(target, reg.name, current);
        const conflict = await findConflictingRoute(o.db.pool, target, { name: reg.name, hosts: reg.route.hosts ?? null, paths: reg.route.paths, methods: reg.route.methods ?? null });
        if (conflict) {
          throw new ApiError(
            "conflict",
            `path ${conflict.path}${conflict.host ? ` on host ${conflict.host}` : ""} is already routed on gateway "${gw.name}" by route ${conflict.route.name ?? conflict.route.id}`,
            { conflict: { kind: "route", route: conflict.route.name ?? conflict.route.id, path: conflict.path, host: conflict.host } },
          );
        }
      },
      write: async (current, intent) => {
        const { applied, written } = await applyKongState(target, desiredState(reg, upstream), current);
        return saveRegistration(o.db, {
          reg,
          origin: o.origin,
          actor: o.actor,
          applied,
          intent,
          source: { name: gw.name, proxyUrl: gw.proxyUrl, dbless: false },
          service: reshapeKongService(gw.name, written.service),
          route: reshapeKongRoute(gw.name, written.route, written.service),
          plugins: written.plugins.map((p) => reshapeKongPlugin(gw.name, p)),
        });
      },
    });
    // 201 for a new registration; 200 when it existed (the same again, or replaced by PUT).
    return { apiId: saved.apiId, status: existed ? 200 : 201 };
  } catch (err) {
    throw kongFailure(err, gw.name);
  }
}

/** The Kong entities a registration asks for. */
function desiredState(reg: TRegistration & { gateway: string }, upstream: UpstreamFields): DesiredKongState {
  return {
    name: reg.name,
    tags: signpostTags(reg),
    service: upstream,
    route: {
      paths: reg.route.paths,
      hosts: reg.route.hosts?.length ? reg.route.hosts : null,
      methods: reg.route.methods?.length ? reg.route.methods : null,
      strip_path: reg.route.stripPath,
    },
    plugins: reg.plugins ?? [],
  };
}

/** Refuses to overwrite a Kong service or route of this name that Signpost did not create. */
function assertOwnOrAbsent(target: KongTarget, name: string, state: KongState): void {
  for (const [what, found] of [
    ["service", state.service],
    ["route", state.route],
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

