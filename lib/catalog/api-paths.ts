// Page paths of an API, shared by pages, REST and the MCP server (no imports: browser-safe).

/** The stable path of an API: by cluster, namespace and name, or by name alone for a gateway (registered or unlinked) API. */
export function byNamePath(api: { name: string; cluster: string | null; namespace: string | null; key: string }): string {
  const e = encodeURIComponent;
  return api.cluster && api.namespace && !api.key.startsWith("api:")
    ? `/apis/by-name/${e(api.cluster)}/${e(api.namespace)}/${e(api.name)}`
    : `/apis/by-name/${e(api.name)}`;
}
