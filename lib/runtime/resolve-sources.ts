// Which clusters and gateways the worker syncs. With nothing configured (SIGNPOST_SANDBOX=auto)
// the sandbox cluster runs in this process, its kubeconfig written to the data directory.
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../env";
import { loadClusters, type ClusterSource } from "../k8s/load-clusters";
import { startSandboxCluster, type SandboxCluster } from "../sandbox/kube";
import { assertPortFree } from "./check-port";
import { logger } from "../log";

export type RuntimeSources = {
  clusters: ClusterSource[];
  sandboxCluster?: SandboxCluster;
  sandboxKubeconfig?: string;
  stop(): Promise<void>;
};

/**
 * Starts the sandbox cluster when no cluster is configured.
 * @param clusters the configured clusters (loadClusters), checked before anything started
 */
export async function resolveSources(config: Config, configured: ClusterSource[]): Promise<RuntimeSources> {
  const clusters = [...configured];
  let sandboxCluster: SandboxCluster | undefined;
  let sandboxKubeconfig: string | undefined;
  const wantSandbox = config.SIGNPOST_SANDBOX === "on" || (config.SIGNPOST_SANDBOX === "auto" && clusters.length === 0);
  if (wantSandbox) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    await assertPortFree(config.SIGNPOST_SANDBOX_KUBE_PORT, "SIGNPOST_SANDBOX_KUBE_PORT", "127.0.0.1");
    sandboxCluster = await startSandboxCluster({
      port: config.SIGNPOST_SANDBOX_KUBE_PORT,
      name: "sandbox",
      stateFile: path.join(config.dataDir, "sandbox-cluster.json"),
    });
    sandboxKubeconfig = path.join(config.dataDir, "sandbox.kubeconfig");
    sandboxCluster.writeKubeconfig(sandboxKubeconfig, { context: "sandbox", user: "sandbox-user" });
    clusters.push(...loadClusters({ ...config, kubeContexts: ["sandbox"] }, { kubeconfig: sandboxKubeconfig, inCluster: false }));
    logger.info("sandbox cluster running", { url: sandboxCluster.url, kubeconfig: sandboxKubeconfig });
  }
  return {
    clusters,
    sandboxCluster,
    sandboxKubeconfig,
    async stop() {
      await sandboxCluster?.stop();
    },
  };
}
