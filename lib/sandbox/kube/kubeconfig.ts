// Kubeconfig for a sandbox cluster: plain http needs insecure-skip-tls-verify: true for both
// kubectl and client-node >= 1.1.2 (reference §4.1).
import YAML from "yaml";

/** What goes into the kubeconfig. */
export type KubeconfigParams = { server: string; cluster: string; context: string; user: string; token: string; namespace?: string };

/** A one-cluster kubeconfig document as YAML text. */
export function buildKubeconfig(p: KubeconfigParams): string {
  return YAML.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: p.cluster, cluster: { server: p.server, "insecure-skip-tls-verify": true } }],
    users: [{ name: p.user, user: { token: p.token } }],
    contexts: [{ name: p.context, context: { cluster: p.cluster, user: p.user, namespace: p.namespace ?? "default" } }],
    "current-context": p.context,
    preferences: {},
  });
}
