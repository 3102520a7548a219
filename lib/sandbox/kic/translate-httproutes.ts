// KIC 3.x's HTTPRoute translation (subtranslator/httproute.go, traditional router, services
// combined per HTTPRoute), as a pure function: the rules of one HTTPRoute that share their
// backendRefs become one Kong service `httproute.<ns>.<route>.<first rule>`, whose upstream (of
// the same name) targets the backends' ready endpoints; the matches of those rules that share
// method and headers become one route `httproute.<ns>.<route>.<rule>.<match>` (PathPrefix /x ->
// "~/x$", "/x/"; Exact -> "~/x$"; RegularExpression -> "~re"). Only HTTPRoutes attached to a
// Gateway of a GatewayClass this controller manages are served (in a cluster that serves no
// GatewayClass resource, as the sandbox cluster: a Gateway of the controller's class name).
import { declarativeId } from "../kong/index";
import type { KubeObject } from "../kube/index";
import type { Json } from "../kube/types";
import { generateTagsForObject } from "./generate-tags";
import { findServicePort, resolveTargets } from "./resolve-targets";
import { applyRouteAnnotations } from "./route-annotations";
import type { DesiredRoute, DesiredService, DesiredState, DesiredUpstream } from "./types";

/** The GatewayClass controllerName KIC manages. */
export const KIC_GATEWAY_CONTROLLER = "konghq.com/kic-gateway-controller";
const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** The cluster objects an HTTPRoute translation reads. */
export type TranslateHttpRoutesInput = {
  httpRoutes: KubeObject[];
  gateways: KubeObject[];
  /** null: the cluster serves no GatewayClass; then Gateways of class `className` are the controller's */
  gatewayClasses: KubeObject[] | null;
  /** the class name taken as the controller's when GatewayClasses are not served; default "kong" */
  className?: string;
  services: KubeObject[];
  endpointSlices: KubeObject[];
};

type Rule = { route: KubeObject; number: number; rule: Json };
const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/** The parent Gateways of `route` this controller manages (parentRefs of kind Gateway, namespace defaulting to the route's). */
export function managedParents(route: KubeObject, gateways: KubeObject[], classes: KubeObject[] | null, className = "kong"): { gateway: KubeObject; sectionName?: string }[] {
  const ours = new Set(classes ? classes.filter((c) => c.spec?.controllerName === KIC_GATEWAY_CONTROLLER).map((c) => c.metadata.name) : [className]);
  const out: { gateway: KubeObject; sectionName?: string }[] = [];
  for (const p of (route.spec?.parentRefs ?? []) as Json[]) {
    if ((p.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (p.kind ?? "Gateway") !== "Gateway") continue;
    const ns = p.namespace || route.metadata.namespace;
    const gw = gateways.find((g) => g.metadata.namespace === ns && g.metadata.name === p.name);
    if (gw && ours.has(gw.spec?.gatewayClassName)) out.push({ gateway: gw, ...(p.sectionName ? { sectionName: p.sectionName } : {}) });
  }
  return out;
}

/** Kong paths of one match (generateKongRoutePathFromHTTPRouteMatch). */
export function pathsFromHttpRouteMatch(match: Json): string[] {
  const type = match.path?.type ?? "PathPrefix";
  const value: string = match.path?.value ?? "/";
  if (type === "Exact") return [`~${value}$`];
  if (type === "RegularExpression") return [`~${value}`];
  return [`~${value}$`, value.endsWith("/") ? value : `${value}/`];
}

/** protocolsFromHTTPRoutesGatewayListeners: http/https of the parents' listeners (the section named, else all); null when none. */
function listenerProtocols(parents: { gateway: KubeObject; sectionName?: string }[]): string[] | null {
  const set = new Set<string>();
  for (const { gateway, sectionName } of parents) {
    for (const l of (gateway.spec?.listeners ?? []) as Json[]) {
      if (sectionName && l.name !== sectionName) continue;
      if (l.protocol === "HTTP") set.add("http");
      if (l.protocol === "HTTPS") set.add("https");
    }
  }
  return set.size ? [...set].sort() : null;
}

/** A stable key of a JSON value list, order-insensitive (getSortedItemsString). */
const sortedKey = (items: unknown[] | undefined) => (items ?? []).map((i) => JSON.stringify(i)).sort().join(";");

/** Translates the served HTTPRoutes into Kong services, routes and upstreams. */
export function translateHttpRoutes(input: TranslateHttpRoutesInput): DesiredState {
  const k8sServices = new Map(input.services.map((s) => [key(s), s]));
  const services: DesiredService[] = [];
  const routes: DesiredRoute[] = [];
  const upstreams: DesiredUpstream[] = [];
  const failures: string[] = [];
  for (const hr of [...input.httpRoutes].sort((a, b) => (key(a) < key(b) ? -1 : 1))) {
    const parents = managedParents(hr, input.gateways, input.gatewayClasses, input.className);
    if (parents.length === 0) continue;
    const ns = hr.metadata.namespace!;
    const rules: Json[] = hr.spec?.rules ?? [];
    if (rules.length === 0) {
      failures.push(`HTTPRoute ${key(hr)}: no rules`);
      continue;
    }
    // Rules sharing their backendRefs make one service, named after the first of them.
    const groups = new Map<string, Rule[]>();
    rules.forEach((rule, number) => {
      const k = sortedKey(rule.backendRefs);
      groups.set(k, [...(groups.get(k) ?? []), { route: hr, number, rule }]);
    });
    const protocols = listenerProtocols(parents);
    const routeTags = generateTagsForObject(hr);
    for (const group of groups.values()) {
      const name = `httproute.${ns}.${hr.metadata.name}.${group[0].number}`;
      const refs: Json[] = (group[0].rule.backendRefs ?? []).filter((b: Json) => (b.group ?? "") === "" && (b.kind ?? "Service") === "Service");
      const backends = refs.flatMap((b) => {
        const svc = k8sServices.get(`${b.namespace ?? ns}/${b.name}`);
        if (!svc) {
          failures.push(`HTTPRoute ${key(hr)}: Service ${b.namespace ?? ns}/${b.name} not found`);
          return [];
        }
        return [{ svc, ref: b }];
      });
      // One backend: the service carries the Service's tags; several: the HTTPRoute's.
      const tags = backends.length === 1 ? generateTagsForObject(backends[0].svc) : routeTags;
      // Each backend sets the service's port in turn (KIC's kongstate): the last one's stays.
      const last = backends[backends.length - 1];
      services.push({
        id: declarativeId("services", name), name, host: name, port: last?.ref.port ?? 80, protocol: "http", path: null,
        retries: 5, connect_timeout: 60000, read_timeout: 60000, write_timeout: 60000, tags,
      });
      const targets: { target: string; weight: number }[] = [];
      for (const { svc, ref } of backends) {
        const port = findServicePort(svc, { number: ref.port ?? 80 });
        if (!port) {
          failures.push(`HTTPRoute ${key(hr)}: Service ${key(svc)} has no port ${ref.port}`);
          continue;
        }
        const slices = input.endpointSlices.filter((s) => s.metadata.namespace === svc.metadata.namespace && s.metadata.labels?.["kubernetes.io/service-name"] === svc.metadata.name);
        const weight = backends.length === 1 ? 100 : (ref.weight ?? 1);
        for (const target of resolveTargets(svc, port, slices)) if (!targets.some((t) => t.target === target)) targets.push({ target, weight });
      }
      upstreams.push({ name, algorithm: "round-robin", tags, targets });
      routes.push(...routesOf(hr, group, name, protocols, routeTags));
    }
  }
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { services: services.sort(byName), routes: routes.sort(byName), upstreams: upstreams.sort(byName), certificates: [], failures };
}

/** The Kong routes of one service's rules: matches sharing method and headers make one route. */
function routesOf(hr: KubeObject, group: Rule[], service: string, protocols: string[] | null, tags: string[]): DesiredRoute[] {
  const hostnames: string[] = hr.spec?.hostnames ?? [];
  const base = (name: string, namedRules: string[]): DesiredRoute => {
    const r: DesiredRoute = {
      id: declarativeId("routes", name), name, service, hosts: hostnames.length ? hostnames : null, paths: [],
      strip_path: false, preserve_host: true, protocols, methods: null, regex_priority: 0,
      https_redirect_status_code: 426, request_buffering: true, response_buffering: true, path_handling: "v0",
      tags: [...tags, ...namedRules.map((n) => `k8s-named-route-rule:${n}`)],
    };
    return r;
  };
  const matchGroups = new Map<string, { rule: number; match: number; m: Json; ruleName?: string }[]>();
  const out: DesiredRoute[] = [];
  for (const { number, rule } of group) {
    const matches: Json[] = rule.matches ?? [];
    if (matches.length === 0) {
      // No matches: a route on the hostnames alone (catch-all without them).
      out.push(base(`httproute.${hr.metadata.namespace}.${hr.metadata.name}.${number}.0`, []));
      continue;
    }
    matches.forEach((m, i) => {
      const headers = [...(m.headers ?? [])].map((h: Json) => ({ ...h, name: String(h.name).toLowerCase() })).sort((a, b) => (a.name < b.name ? -1 : 1));
      const k = JSON.stringify({ method: m.method ?? null, headers });
      matchGroups.set(k, [...(matchGroups.get(k) ?? []), { rule: number, match: i, m, ...(rule.name ? { ruleName: rule.name } : {}) }]);
    });
  }
  for (const ms of matchGroups.values()) {
    const r = base(`httproute.${hr.metadata.namespace}.${hr.metadata.name}.${ms[0].rule}.${ms[0].match}`, ms.flatMap((x) => (x.ruleName ? [x.ruleName] : [])));
    r.paths = ms.flatMap((x) => (x.m.path ? pathsFromHttpRouteMatch(x.m) : []));
    if (ms[0].m.method) r.methods = [ms[0].m.method];
    const headers = ms[0].m.headers as Json[] | undefined;
    if (headers?.length) r.headers = Object.fromEntries(headers.map((h) => [h.name, [h.type === "RegularExpression" ? `~*${h.value}` : h.value]]));
    out.push(r);
  }
  for (const r of out) applyRouteAnnotations(r, hr.metadata.annotations);
  return out;
}
