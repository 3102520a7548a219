// KIC 3.x's Ingress translation (subtranslator/ingress.go, translate_upstreams.go), as a pure
// function from cluster objects to the Kong configuration it implies: one service per
// (namespace, Service, port as written), one route per (Ingress, host, Service, port) holding
// every matching path, one upstream per service host. Ids are go-kong's UUIDv5 of the names.
import { declarativeId } from "../kong/index";
import type { KubeObject } from "../kube/index";
import type { Json } from "../kube/types";
import { generateTagsForObject } from "./generate-tags";
import { flattenMultipleSlashes, pathsFromIngressPath } from "./paths-from-ingress-path";
import { canonicalPort, findServicePort, resolveTargets, type PortDef } from "./resolve-targets";
import { applyRouteAnnotations } from "./route-annotations";
import { translateTls } from "./translate-tls";
import type { DesiredRoute, DesiredService, DesiredState, DesiredUpstream } from "./types";

/** The cluster objects a translation reads. */
export type TranslateInput = {
  ingresses: KubeObject[];
  services: KubeObject[];
  endpointSlices: KubeObject[];
  ingressClasses: KubeObject[];
  /** TLS Secrets for spec.tls (optional: no certificates without them). */
  secrets?: KubeObject[];
  /** The controller's class; default "kong". */
  className?: string;
};

const CLASS_ANNOTATION = "kubernetes.io/ingress.class";
const DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/** True when the Ingress is this controller's: by spec.ingressClassName, the legacy annotation, or the default class. */
export function isIngressOfClass(ing: KubeObject, className: string, classes: KubeObject[]): boolean {
  const named = ing.spec?.ingressClassName ?? ing.metadata.annotations?.[CLASS_ANNOTATION];
  if (named !== undefined) return named === className;
  const own = classes.find((c) => c.metadata.name === className);
  return own?.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true";
}

type RouteMeta = { ing: KubeObject; host: string; svc: string; port: PortDef; paths: { path: string; pathType: string }[] };

/** Groups every path of the class's Ingresses by the route it belongs to (KIC's translation index). */
function indexRoutes(ingresses: KubeObject[]): Map<string, RouteMeta> {
  const index = new Map<string, RouteMeta>();
  for (const ing of [...ingresses].sort((a, b) => (key(a) < key(b) ? -1 : 1))) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const backend: Json | undefined = p.backend?.service;
        // Resource backends (KongServiceFacade) are not served by the sandbox.
        if (!backend?.name) continue;
        const port: PortDef = backend.port?.number !== undefined ? { number: backend.port.number } : { name: backend.port?.name ?? "" };
        const host: string = rule.host ?? "";
        const id = `${ing.metadata.namespace}.${ing.metadata.name}.${backend.name}.${host}.${canonicalPort(port)}`;
        const meta: RouteMeta = index.get(id) ?? { ing, host, svc: backend.name, port, paths: [] };
        meta.paths.push({ path: flattenMultipleSlashes(p.path ?? "") || "/", pathType: p.pathType ?? "ImplementationSpecific" });
        index.set(id, meta);
      }
    }
  }
  return index;
}

function routeFor(meta: RouteMeta, serviceName: string): DesiredRoute {
  const { ing, host } = meta;
  // "*" cannot appear in a Kong name; the route's hosts keep it.
  const name = `${ing.metadata.namespace}.${ing.metadata.name}.${meta.svc}.${host.replaceAll("*", "_")}.${canonicalPort(meta.port)}`;
  const regexPrefix = ing.metadata.annotations?.["konghq.com/regex-prefix"];
  const route: DesiredRoute = {
    id: declarativeId("routes", name), name, service: serviceName, hosts: host ? [host] : null,
    paths: meta.paths.flatMap((p) => pathsFromIngressPath(p.path, p.pathType, regexPrefix)),
    strip_path: false, preserve_host: true, protocols: null, methods: null, regex_priority: 0,
    https_redirect_status_code: 426, request_buffering: true, response_buffering: true, path_handling: "v0",
    tags: generateTagsForObject(ing),
  };
  applyRouteAnnotations(route, ing.metadata.annotations);
  return route;
}

/** Translates the Ingresses of `className` into Kong services, routes and upstreams. */
export function translateIngresses(input: TranslateInput): DesiredState {
  const className = input.className ?? "kong";
  const ingresses = input.ingresses.filter((i) => isIngressOfClass(i, className, input.ingressClasses));
  const k8sServices = new Map(input.services.map((s) => [key(s), s]));
  // Slices by their Service, so resolving targets stays linear in the cluster's size.
  const slicesByService = new Map<string, typeof input.endpointSlices>();
  for (const sl of input.endpointSlices) {
    const svcName = sl.metadata.labels?.["kubernetes.io/service-name"];
    if (!svcName) continue;
    const k = `${sl.metadata.namespace}/${svcName}`;
    slicesByService.set(k, [...(slicesByService.get(k) ?? []), sl]);
  }
  const services = new Map<string, DesiredService>();
  const upstreams = new Map<string, DesiredUpstream>();
  const routes: DesiredRoute[] = [];
  const failures: string[] = [];
  for (const meta of indexRoutes(ingresses).values()) {
    const ns = meta.ing.metadata.namespace!;
    const svc = k8sServices.get(`${ns}/${meta.svc}`);
    if (!svc) {
      failures.push(`Ingress ${ns}/${meta.ing.metadata.name}: Service ${ns}/${meta.svc} not found`);
      continue;
    }
    const port = canonicalPort(meta.port);
    const name = `${ns}.${meta.svc}.${port}`;
    if (!services.has(name)) {
      const host = `${meta.svc}.${ns}.${port}.svc`;
      const servicePort = findServicePort(svc, meta.port);
      if (!servicePort) failures.push(`Service ${ns}/${meta.svc} has no port ${port}`);
      const tags = generateTagsForObject(svc);
      services.set(name, {
        id: declarativeId("services", name), name, host, port: servicePort?.port ?? 80, protocol: "http", path: "/",
        retries: 5, connect_timeout: 60000, read_timeout: 60000, write_timeout: 60000, tags,
      });
      const targets = servicePort ? resolveTargets(svc, servicePort, slicesByService.get(`${ns}/${meta.svc}`) ?? []) : [];
      upstreams.set(host, { name: host, algorithm: "round-robin", tags, targets: targets.map((target) => ({ target, weight: 100 })) });
    }
    routes.push(routeFor(meta, name));
  }
  const tls = translateTls(ingresses, input.secrets ?? []);
  return {
    services: [...services.values()].sort(byName), routes: routes.sort(byName), upstreams: [...upstreams.values()].sort(byName),
    certificates: tls.certificates, failures: [...failures, ...tls.failures],
  };
}
