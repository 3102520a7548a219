// The configured clusters a web process can write to (registration through a cluster), loaded
// once per configuration.
import { loadConfig, type Config } from "../env";
import { loadClusters } from "../k8s/load-clusters";
import type { ClusterTarget } from "./cluster-state";

let cache: { config: Config; targets: ClusterTarget[] } | undefined;

/** The configured cluster named `name`, or undefined. */
export function clusterTarget(name: string): ClusterTarget | undefined {
  const config = loadConfig();
  if (cache?.config !== config) cache = { config, targets: loadClusters(config).map((c) => ({ name: c.name, kc: c.kc })) };
  return cache.targets.find((t) => t.name === name);
}
