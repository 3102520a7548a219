// Registers an API through the cluster that feeds a gateway: server-side applies an Ingress of
// the controller's class (or an HTTPRoute on the configured Gateway) next to the upstream
// Service, with KongPlugins for its plugins; or, for GitOps, records the registration and
// returns the manifest without applying anything. The API shows at once (pending) and links to
// its gateway route once the controller has published it.
import YAML from "yaml";
import { loadConfig, type TGatewayConfig } from "../env";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { kubeGetJson } from "../k8s/kube-request";
import { registrationObjects, type PlannedObject } from "../k8s/registration-objects";
import { applyClusterState, foreignObject, type ClusterTarget } from "./cluster-state";
import { clusterTarget } from "./cluster-targets";
import { findClusterConflict } from "./cluster-route-conflict";
import { findConflictingRoute } from "./conflicting-route";
import { changeRegistration, type StateDriver } from "./change-registration";
import { clusterDriver } from "./state-drivers";
import type { Intent } from "./registration-intent";
import { checkReplace } from "./registration-checks";
import { deriveClusterRegisteredApi } from "./derive-cluster-registered-api";
import { saveRegistration } from "./save-registration";
import type { RegistrationPath } from "./registration-path";
import { kongTarget } from "./resolve-gateway";
import type { RegisterOptions, RegisterResult } from "./register-api";

/** What a registration through a cluster wrote (kept with the registration). */
export type AppliedClusterState = {
  via: "ingress" | "httproute" | "manifest";
  cluster: string;
  namespace: string;
  objects: { group: string; resource: string; name: string }[];
};

/** The upstream Service of a registration through a cluster (an Ingress routes only to a Service). */
function upstreamService(reg: TRegistration, cluster: string | null) {
  if (!("service" in reg.upstream)) {
    throw invalid("upstream", "registration through a cluster routes to a Kubernetes Service: give upstream.service (for an outside URL, create an ExternalName Service)");
  }
  const svc = reg.upstream.service;
  if (cluster && svc.cluster !== cluster) {
    throw invalid("upstream.service.cluster", `the gateway's Ingress Controller runs in cluster "${cluster}"; an Ingress there cannot route to a Service in "${svc.cluster}"`);
  }
  return svc;
}

/** The objects registration would apply for `reg` on gateway `gw`. */
export function plannedObjects(reg: TRegistration, gw: TGatewayConfig, path: RegistrationPath): PlannedObject[] {
  const svc = upstreamService(reg, path.cluster);
  if (path.object === "httproute" && !gw.parentRef) {
    throw new ApiError("conflict", `gateway "${gw.name}" registers through HTTPRoutes but has no parentRef (the Gateway they attach to) in its configuration`);
  }
  return registrationObjects({
    name: reg.name,
    namespace: svc.namespace,
    service: { name: svc.name, port: svc.port },
    paths: reg.route.paths,
    hosts: reg.route.hosts ?? [],
    methods: reg.route.methods ?? [],
    stripPath: reg.route.stripPath,
    team: reg.team,
    microservice: reg.microservice,
    plugins: reg.plugins ?? [],
    via: path.object ?? "ingress",
    ingressClass: gw.ingressClass ?? "kong",
    parentRef: gw.parentRef,
  });
}

/** The manifest (YAML documents) of the planned objects. */
export function manifestYaml(objects: PlannedObject[]): string {
  return objects.map((o) => YAML.stringify(o.object)).join("---\n");
}

/** Registers `reg` through the cluster (ingress, httproute) or as a manifest. */
export async function registerThroughCluster(reg: TRegistration & { gateway: string }, gw: TGatewayConfig, path: RegistrationPath, o: RegisterOptions): Promise<RegisterResult> {
  const planned = plannedObjects(reg, gw, path);
  const svc = upstreamService(reg, path.cluster);
  const cluster = path.cluster ?? svc.cluster;
  const route = planned[planned.length - 1];
  const own = { kind: route.object.kind, namespace: svc.namespace, name: reg.name };
  const mine = { name: reg.name, hosts: reg.route.hosts?.length ? reg.route.hosts : null, paths: reg.route.paths, methods: reg.route.methods?.length ? reg.route.methods : null, origin: own };
  const conflicts = async () => {
    const inCluster = await findClusterConflict(o.db.pool, cluster, mine, own);
    if (inCluster) {
      throw new ApiError("conflict", `path ${inCluster.path}${inCluster.host ? ` on host ${inCluster.host}` : ""} is already routed in cluster "${cluster}" by ${inCluster.route.name}`, {
        conflict: { kind: "route", route: inCluster.route.name, path: inCluster.path, host: inCluster.host },
      });
    }
    const onGateway = await findConflictingRoute(o.db.pool, kongTarget(gw), mine);
    if (onGateway) {
      throw new ApiError("conflict", `path ${onGateway.path}${onGateway.host ? ` on host ${onGateway.host}` : ""} is already routed on gateway "${gw.name}" by route ${onGateway.route.name ?? onGateway.route.id}`, {
        conflict: { kind: "route", route: onGateway.route.name ?? onGateway.route.id, path: onGateway.path, host: onGateway.host },
      });
    }
  };
  const applied: AppliedClusterState = {
    via: path.via === "manifest" ? "manifest" : (path.object ?? "ingress"),
    cluster,
    namespace: svc.namespace,
    objects: planned.map((p) => ({ group: p.ref.group, resource: p.ref.resource, name: p.ref.name })),
  };
  let existed = false;
  const record = async (intent: Intent) => {
    const api = await deriveClusterRegisteredApi(o.db, { cluster, namespace: svc.namespace, service: svc.name, route: route.object, gateway: gw, clusterDomain: o.clusterDomain, manifest: path.via === "manifest" });
    return saveRegistration(o.db, { reg, origin: o.origin, actor: o.actor, api, applied, intent });
  };

  if (path.via === "manifest") {
    // Nothing is written to the cluster: the change only needs serialising with others of this name.
    const saved = await changeRegistration(o.db, o.gateways, { gateway: gw.name, name: reg.name }, { op: "register", spec: reg, actor: o.actor }, NOTHING, {
      check: async () => {
        existed = await checkReplace(o.db.prisma, gw.name, reg, Boolean(o.replace));
        await conflicts();
      },
      write: (_, intent) => record(intent),
    });
    return { apiId: saved.apiId, status: existed ? 200 : 201 };
  }

  const target = writableCluster(cluster, svc.namespace);
  const kongPlugins = Boolean(reg.plugins?.length);
  if (kongPlugins) await assertServesKongPlugins(target);
  const saved = await changeRegistration(o.db, o.gateways, { gateway: gw.name, name: reg.name }, { op: "register", spec: reg, actor: o.actor }, clusterDriver(target, svc.namespace, reg.name, kongPlugins), {
    check: async (current) => {
      const foreign = foreignObject(current);
      if (foreign) {
        throw new ApiError("conflict", `cluster "${cluster}" already has a ${foreign.kind} ${svc.namespace}/${foreign.metadata.name} that Signpost did not create; Signpost never modifies it`, {
          conflict: { kind: foreign.kind, name: foreign.metadata.name },
        });
      }
      existed = await checkReplace(o.db.prisma, gw.name, reg, Boolean(o.replace));
      await conflicts();
    },
    write: async (current, intent) => {
      await applyClusterState(target, planned, current);
      return record(intent);
    },
  });
  return { apiId: saved.apiId, status: existed ? 200 : 201 };
}

/**
 * The cluster, when Signpost may write in `namespace` there: the namespaces of
 * SIGNPOST_KUBE_WRITE_NAMESPACES, or any in the sandbox cluster `signpost start` runs; 403 naming
 * the setting otherwise.
 */
export function writableCluster(cluster: string, namespace: string): ClusterTarget {
  const allowed = loadConfig().kubeWriteNamespaces;
  const target = clusterTarget(cluster);
  if (!target?.sandbox && allowed !== "*" && !allowed.includes(namespace)) {
    throw new ApiError(
      "forbidden",
      `registering through cluster "${cluster}" writes an Ingress or HTTPRoute in namespace "${namespace}", and Signpost writes to clusters only in the namespaces of SIGNPOST_KUBE_WRITE_NAMESPACES (${allowed.length ? allowed.join(", ") : "unset"}); add the namespace there, or set the gateway's registerVia to manifest`,
      { setting: "SIGNPOST_KUBE_WRITE_NAMESPACES", namespace },
    );
  }
  if (!target) throw new ApiError("conflict", `cluster "${cluster}" is not configured in this Signpost (KUBECONFIG, SIGNPOST_KUBE_CONTEXTS)`);
  return target;
}

async function assertServesKongPlugins(c: ClusterTarget): Promise<void> {
  try {
    await kubeGetJson(c.kc, c.name, "/apis/configuration.konghq.com/v1", 10_000);
  } catch (err) {
    if ((err as { status?: number }).status === 404) {
      throw invalid("plugins", `cluster "${c.name}" does not serve KongPlugin (configuration.konghq.com/v1): install the Kong Ingress Controller's CRDs, or register without plugins`);
    }
    throw err;
  }
}

/** Nothing to read or put back: a manifest registration writes only the database. */
const NOTHING: StateDriver<null> = { where: "the database", read: async () => null, restore: async () => {}, record: () => ({}) };

function invalid(field: string, message: string): ApiError {
  return new ApiError("validation_failed", `${field}: ${message}`, { issues: [{ field: `body.${field}`, message }] });
}
