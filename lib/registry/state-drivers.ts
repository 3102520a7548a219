// The two kinds of registration state a change can put back: a gateway's Kong entities, and the
// objects in the cluster that feeds a gateway.
import type { KongTarget } from "../kong";
import type { StateDriver } from "./change-registration";
import { readKongState, restoreKongState, type KongState } from "./kong-state";
import { readClusterState, restoreClusterState, type ClusterState, type ClusterTarget } from "./cluster-state";

/** Kong entities of registration `name` on `target`. */
export function kongDriver(target: KongTarget, name: string): StateDriver<KongState> {
  return {
    where: `gateway "${target.name}"`,
    read: () => readKongState(target, name),
    restore: (before) => restoreKongState(target, name, before),
    record: (state) => ({ kong: state }),
  };
}

/** Cluster objects of registration `name` in `namespace` of `cluster`. */
export function clusterDriver(cluster: ClusterTarget, namespace: string, name: string, kongPlugins: boolean): StateDriver<ClusterState> {
  return {
    where: `cluster "${cluster.name}"`,
    read: () => readClusterState(cluster, namespace, name, kongPlugins),
    restore: (before) => restoreClusterState(cluster, name, before, kongPlugins),
    record: (state) => ({ cluster: { name: cluster.name, kongPlugins, state } }),
  };
}
