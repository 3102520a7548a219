// The configured clusters a web process can write to (registration through a cluster), loaded
// once per configuration; plus the sandbox cluster `signpost start` runs, which its web server
// learns from SIGNPOST_SANDBOX_KUBECONFIG (honoured only for the file the sandbox writes into the
// data directory, so a real cluster can never pass for it).
import path from "node:path";
import { loadConfig, type Config } from "../env";
import { loadClusters } from "../k8s/load-clusters";
import type { ClusterTarget } from "./cluster-state";

/** The sandbox cluster's name and context (lib/runtime/resolve-sources.ts writes its kubeconfig so). */
export const SANDBOX_CLUSTER = "sandbox";
/** Where `signpost start` writes the sandbox cluster's kubeconfig. */
export const sandboxKubeconfigPath = (dataDir: string) => path.join(dataDir, "sandbox.kubeconfig");

let cache: { config: Config; targets: ClusterTarget[] } | undefined;

function sandboxTargets(config: Config): ClusterTarget[] {
  const file = config.SIGNPOST_SANDBOX_KUBECONFIG;
  if (!file || path.resolve(file) !== sandboxKubeconfigPath(config.dataDir)) return [];
  return loadClusters({ ...config, kubeContexts: [SANDBOX_CLUSTER] }, { kubeconfig: file, inCluster: false }).map((c) => ({ name: c.name, kc: c.kc, sandbox: true }));
}

/** The configured cluster named `name`, or undefined. */
export function clusterTarget(name: string): ClusterTarget | undefined {
  const config = loadConfig();
  if (cache?.config !== config) {
    const configured = loadClusters(config).map((c) => ({ name: c.name, kc: c.kc }));
    const sandbox = configured.some((c) => c.name === SANDBOX_CLUSTER) ? [] : sandboxTargets(config);
    cache = { config, targets: [...configured, ...sandbox] };
  }
  return cache.targets.find((t) => t.name === name);
}
