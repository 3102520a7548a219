// Signpost's catalog as Backstage entities (backstage.io/v1alpha1): a Group per team, an API per
// live API (its contract as spec.definition when it has one), a Component per microservice that
// provides its APIs. Annotations and links lead back to Signpost and to the API's address.

export type BackstageEntity = {
  apiVersion: "backstage.io/v1alpha1";
  kind: "API" | "Component" | "Group";
  metadata: {
    name: string;
    namespace: "default";
    title?: string;
    description?: string;
    annotations?: Record<string, string>;
    links?: { url: string; title: string }[];
  };
  spec: Record<string, unknown>;
};

/** The group that owns APIs without a team. */
export const UNOWNED_GROUP = "signpost-unowned";

export type ExportApi = {
  id: string;
  key: string;
  name: string;
  microservice: string | null;
  team: string | null;
  cluster: string | null;
  namespace: string | null;
  proxyUrl: string | null;
  exposureMode: string;
  managedBy: string;
};

/** A Group for `team` (or the unowned group). */
export function groupEntity(name: string, team: string | null): BackstageEntity {
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Group",
    metadata: {
      name,
      namespace: "default",
      title: team ?? "No team",
      description: team ? `Team ${team}, as Signpost knows it` : "APIs that name no team in Signpost",
      annotations: { "signpost.dev/team": team ?? "" },
    },
    spec: { type: "team", children: [] },
  };
}

/** An API; `contract` is the stored OpenAPI document's text, when there is one. */
export function apiEntity(api: ExportApi, o: { name: string; owner: string; baseUrl: string; contract: string | null }): BackstageEntity {
  const page = `${o.baseUrl}/apis/${api.id}`;
  const annotations: Record<string, string> = {
    "signpost.dev/url": page,
    "signpost.dev/api-id": api.id,
    "signpost.dev/api-key": api.key,
    "signpost.dev/exposure": api.exposureMode,
    "signpost.dev/managed-by": api.managedBy,
  };
  if (api.proxyUrl) annotations["signpost.dev/proxy-url"] = api.proxyUrl;
  if (o.contract !== null) annotations["signpost.dev/openapi-url"] = `${o.baseUrl}/api/v1/apis/${api.id}/spec`;
  if (api.cluster) annotations["signpost.dev/cluster"] = api.cluster;
  if (api.microservice) annotations["backstage.io/kubernetes-id"] = api.microservice;
  if (api.namespace) annotations["backstage.io/kubernetes-namespace"] = api.namespace;
  const links = [{ url: page, title: "Signpost" }, ...(api.proxyUrl && /^https?:\/\//.test(api.proxyUrl) ? [{ url: api.proxyUrl, title: "Proxy URL" }] : [])];
  const definition =
    o.contract ??
    [`# ${api.name}`, "No OpenAPI contract is stored in Signpost for this API.", `Address: ${api.proxyUrl ?? "(pending)"} (${api.exposureMode})`, `Signpost: ${page}`, ""].join("\n");
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "API",
    metadata: { name: o.name, namespace: "default", title: api.name, description: `${api.name}: ${api.proxyUrl ?? "no address yet"}`, annotations, links },
    spec: { type: o.contract !== null ? "openapi" : "http", lifecycle: "production", owner: o.owner, definition },
  };
}

/** A Component for one microservice (in one namespace of one cluster) providing `apis` (entity names). */
export function componentEntity(m: { name: string; microservice: string; cluster: string | null; namespace: string | null; owner: string; apis: string[] }): BackstageEntity {
  const annotations: Record<string, string> = { "backstage.io/kubernetes-id": m.microservice };
  if (m.namespace) annotations["backstage.io/kubernetes-namespace"] = m.namespace;
  if (m.cluster) annotations["signpost.dev/cluster"] = m.cluster;
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Component",
    metadata: { name: m.name, namespace: "default", title: m.microservice, description: `Microservice ${m.microservice}${m.namespace ? ` in ${m.namespace}` : ""}${m.cluster ? ` (${m.cluster})` : ""}`, annotations },
    spec: { type: "service", lifecycle: "production", owner: m.owner, providesApis: m.apis.map((a) => `api:default/${a}`) },
  };
}
