// The Kubernetes objects that register an API through a gateway's Ingress Controller: an
// Ingress of the controller's class or an HTTPRoute attached to the configured Gateway, in the
// upstream Service's namespace, with the Kong Ingress Controller's annotations (methods,
// strip-path, plugins) and KongPlugin objects for the plugins. Labelled as Signpost's own.
import type { KubeObject, ObjectRef } from "./kube-write";

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const REGISTRATION_LABEL = "signpost.dev/registration";

/** A registration through a cluster, as the objects need it. */
export type ClusterRegistration = {
  name: string;
  namespace: string;
  service: { name: string; port: number };
  paths: string[];
  hosts: string[];
  methods: string[];
  stripPath: boolean;
  team?: string;
  microservice?: string;
  plugins: { name: string; config?: Record<string, unknown> }[];
  via: "ingress" | "httproute";
  ingressClass: string;
  parentRef?: { namespace: string; name: string; sectionName?: string };
};

/** An object to write and where it lives. */
export type PlannedObject = { ref: ObjectRef; object: KubeObject };

export const INGRESS = { group: "networking.k8s.io", version: "v1", resource: "ingresses" } as const;
export const HTTPROUTE = { group: "gateway.networking.k8s.io", version: "v1", resource: "httproutes" } as const;
export const KONGPLUGIN = { group: "configuration.konghq.com", version: "v1", resource: "kongplugins" } as const;

/** The name of the KongPlugin object of one of a registration's plugins. */
export function kongPluginName(registration: string, plugin: string): string {
  return `${registration}-${plugin}`.slice(0, 253);
}

/** The objects, plugins first (the route object references them), in apply order. */
export function registrationObjects(r: ClusterRegistration): PlannedObject[] {
  const labels: Record<string, string> = {
    [MANAGED_BY_LABEL]: "signpost",
    [REGISTRATION_LABEL]: r.name,
    ...(r.team ? { "signpost.dev/team": r.team } : {}),
    ...(r.microservice ? { "signpost.dev/microservice": r.microservice } : {}),
  };
  const annotations: Record<string, string> = {
    "konghq.com/strip-path": String(r.stripPath),
    ...(r.via === "ingress" && r.methods.length ? { "konghq.com/methods": r.methods.join(",") } : {}),
    ...(r.plugins.length ? { "konghq.com/plugins": r.plugins.map((p) => kongPluginName(r.name, p.name)).join(",") } : {}),
  };
  const plugins: PlannedObject[] = r.plugins.map((p) => ({
    ref: { ...KONGPLUGIN, namespace: r.namespace, name: kongPluginName(r.name, p.name) },
    object: {
      apiVersion: `${KONGPLUGIN.group}/${KONGPLUGIN.version}`,
      kind: "KongPlugin",
      metadata: { name: kongPluginName(r.name, p.name), namespace: r.namespace, labels },
      plugin: p.name,
      ...(p.config && Object.keys(p.config).length ? { config: p.config } : {}),
    },
  }));
  const meta = { name: r.name, namespace: r.namespace, labels, annotations };
  const route: PlannedObject =
    r.via === "ingress"
      ? {
          ref: { ...INGRESS, namespace: r.namespace, name: r.name },
          object: {
            apiVersion: `${INGRESS.group}/${INGRESS.version}`,
            kind: "Ingress",
            metadata: meta,
            spec: {
              ingressClassName: r.ingressClass,
              rules: (r.hosts.length ? r.hosts : [null]).map((host) => ({
                ...(host ? { host } : {}),
                http: {
                  paths: r.paths.map((p) => ({
                    // KIC reads an Ingress path starting with "/~" as a Kong regex path.
                    path: p.startsWith("~") ? `/${p}` : p,
                    pathType: p.startsWith("~") ? "ImplementationSpecific" : "Prefix",
                    backend: { service: { name: r.service.name, port: { number: r.service.port } } },
                  })),
                },
              })),
            },
          },
        }
      : {
          ref: { ...HTTPROUTE, namespace: r.namespace, name: r.name },
          object: {
            apiVersion: `${HTTPROUTE.group}/${HTTPROUTE.version}`,
            kind: "HTTPRoute",
            metadata: meta,
            spec: {
              parentRefs: r.parentRef
                ? [{ namespace: r.parentRef.namespace, name: r.parentRef.name, ...(r.parentRef.sectionName ? { sectionName: r.parentRef.sectionName } : {}) }]
                : [],
              ...(r.hosts.length ? { hostnames: r.hosts } : {}),
              rules: [
                {
                  matches: r.paths.flatMap((p) =>
                    (r.methods.length ? r.methods : [null]).map((method) => ({
                      path: p.startsWith("~") ? { type: "RegularExpression", value: p.slice(1) } : { type: "PathPrefix", value: p },
                      ...(method ? { method } : {}),
                    })),
                  ),
                  backendRefs: [{ name: r.service.name, port: r.service.port }],
                },
              ],
            },
          },
        };
  return [...plugins, route];
}
