// Registers an API on a gateway: validates, checks conflicts, writes the Kong service, route and
// plugins tagged as Signpost's own, and records it so the catalog shows it at once. The gateway
// and the database always agree: changes of one name are serialised, what the gateway held is
// recorded first, and any failure (Kong's or the database's) puts the gateway back.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import type { KongTarget } from "../kong";
import { reshapeKongPlugin, reshapeKongRoute, reshapeKongService } from "../kong/reshape/reshape-kong";
import { SIGNPOST_TAG, signpostTags } from "../kong/reshape/tags";
import { assertNameFree, checkReplace } from "./registration-checks";
import { findConflictingRoute } from "./conflicting-route";
import { kongTarget, resolveGateway } from "./resolve-gateway";
import { resolveUpstream, type UpstreamFields } from "./resolve-upstream";
import { applyKongState, type DesiredKongState, type KongState } from "./kong-state";
import { changeRegistration } from "./change-registration";
import { kongDriver } from "./state-drivers";
import { deriveKongRegisteredApi, saveRegistration } from "./save-registration";
import { kongFailure } from "./kong-failure";
import { kubeFailure } from "./kube-failure";
import { registrationPath, type RegistrationPath } from "./registration-path";
import { registerThroughCluster } from "./register-through-cluster";

export type RegisterResult = { apiId: string; status: 200 | 201 };

export type RegisterOptions = {
  db: Db;
  gateways: TGatewayConfig[];
  clusterDomain: string;
  actor: string;
  origin: "rest" | "form" | "cli" | "mcp" | "annotation";
  /** replace an existing registration of this name with different settings (PUT) */
  replace?: boolean;
};

/** Registers `body`; 201 when created, 200 when the same registration already existed. */
export async function registerApi(body: TRegistration, o: RegisterOptions): Promise<RegisterResult> {
  const gw = resolveGateway(o.gateways, body.gateway);
  const reg = { ...body, gateway: gw.name };
  const target = kongTarget(gw);
  const prisma = o.db.prisma;

  await assertNameFree(prisma, reg.name);
  let path: RegistrationPath;
  try {
    path = await registrationPath(o.db, gw);
  } catch (err) {
    throw kongFailure(err, gw.name);
  }
  if (path.via !== "admin-api") {
    try {
      return await registerThroughCluster(reg, gw, path, o);
    } catch (err) {
      throw kubeFailure(kongFailure(err, gw.name));
    }
  }
  const upstream = await resolveUpstream(prisma, reg.upstream, o.clusterDomain);

  try {
    // One change of this name at a time, across processes; what the gateway held is recorded
    // before it is touched, so any failure (or a crash) puts it back.
    let existed = false;
    const saved = await changeRegistration(o.db, o.gateways, { gateway: gw.name, name: reg.name }, { op: "register", spec: reg, actor: o.actor }, kongDriver(target, reg.name), {
      check: async (current) => {
        existed = await checkReplace(prisma, gw.name, reg, Boolean(o.replace));
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
        const api = deriveKongRegisteredApi(reg.name, {
          source: { name: gw.name, proxyUrl: gw.proxyUrl, dbless: false },
          service: reshapeKongService(gw.name, written.service),
          route: reshapeKongRoute(gw.name, written.route, written.service),
          plugins: written.plugins.map((p) => reshapeKongPlugin(gw.name, p)),
        });
        return saveRegistration(o.db, { reg, origin: o.origin, actor: o.actor, api, applied, intent, kong: { serviceId: written.service.id, routeId: written.route.id } });
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
