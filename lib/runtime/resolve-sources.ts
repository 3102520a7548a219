// Which clusters and gateways the worker syncs. With SIGNPOST_SANDBOX=auto, the sandbox cluster
// runs in this process when no cluster is configured (its kubeconfig written to the data
// directory), and the sandbox gateway when no gateway is configured.
import fs from "node:fs";
import path from "node:path";
import { parseParentRef, type Config, type TGatewayConfig } from "../env";
import { loadClusters, type ClusterSource } from "../k8s/load-clusters";
import { startSandboxCluster, type SandboxCluster } from "../sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../sandbox/kong";
import { podResolverFor, startSandboxIngressController } from "../sandbox/kic";
import { assertPortFree } from "./check-port";
import { SANDBOX_CLUSTER, sandboxKubeconfigPath } from "../registry/cluster-targets";
import { logger } from "../log";

export type RuntimeSources = {
  clusters: ClusterSource[];
  gateways: TGatewayConfig[];
  sandboxCluster?: SandboxCluster;
  sandboxKubeconfig?: string;
  sandboxGateway?: SandboxGateway;
  /** environment the web server needs to reach the sandbox gateway */
  webEnv: Record<string, string>;
  stop(): Promise<void>;
};

/** The sandbox proxy's address: SIGNPOST_KONG_PROXY_URL when set (a public address in front), else where it listens. */
function sandboxProxyUrl(config: Config, port: number): string {
  return config.SIGNPOST_KONG_PROXY_URL ?? `http://localhost:${port}`;
}

/**
 * Starts the sandboxes that are needed.
 * @param configured the configured clusters (loadClusters), checked before anything started
 */
export async function resolveSources(config: Config, configured: ClusterSource[]): Promise<RuntimeSources> {
  const clusters = [...configured];
  const gateways = [...config.gateways];
  const webEnv: Record<string, string> = {};
  let sandboxCluster: SandboxCluster | undefined;
  let sandboxGateway: SandboxGateway | undefined;
  let sandboxKubeconfig: string | undefined;
  let kic: { stop(): void } | undefined;
  const want = (none: boolean) => config.SIGNPOST_SANDBOX === "on" || (config.SIGNPOST_SANDBOX === "auto" && none);
  const wantCluster = want(clusters.length === 0);
  const wantGateway = want(gateways.length === 0) && !gateways.some((g) => g.name === "sandbox");
  if (wantCluster) await assertPortFree(config.SIGNPOST_SANDBOX_KUBE_PORT, "SIGNPOST_SANDBOX_KUBE_PORT", "127.0.0.1");
  if (wantGateway) {
    await assertPortFree(config.SIGNPOST_SANDBOX_KONG_PORT, "SIGNPOST_SANDBOX_KONG_PORT", "127.0.0.1");
    await assertPortFree(config.SIGNPOST_SANDBOX_PROXY_PORT, "SIGNPOST_SANDBOX_PROXY_PORT", "127.0.0.1");
    await assertPortFree(config.SIGNPOST_SANDBOX_PROXY_TLS_PORT, "SIGNPOST_SANDBOX_PROXY_TLS_PORT", "127.0.0.1");
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    if (wantCluster) {
      sandboxCluster = await startSandboxCluster({
        port: config.SIGNPOST_SANDBOX_KUBE_PORT,
        name: "sandbox",
        stateFile: path.join(config.dataDir, "sandbox-cluster.json"),
      });
      sandboxKubeconfig = sandboxKubeconfigPath(config.dataDir);
      sandboxCluster.writeKubeconfig(sandboxKubeconfig, { context: SANDBOX_CLUSTER, user: "sandbox-user" });
      clusters.push(...loadClusters({ ...config, kubeContexts: [SANDBOX_CLUSTER] }, { kubeconfig: sandboxKubeconfig, inCluster: false }));
      // The web server registers through this cluster (a DB-less sandbox gateway is fed from it):
      // it may write there in any namespace, and only there (lib/registry/cluster-targets.ts).
      webEnv.SIGNPOST_SANDBOX_KUBECONFIG = sandboxKubeconfig;
      logger.info("sandbox cluster running", { url: sandboxCluster.url, kubeconfig: sandboxKubeconfig });
    }
    if (wantGateway) {
      const dbless = config.SIGNPOST_SANDBOX_KONG_MODE === "dbless";
      sandboxGateway = await startSandboxGateway({
        port: config.SIGNPOST_SANDBOX_KONG_PORT,
        mode: config.SIGNPOST_SANDBOX_KONG_MODE,
        // DB-less, the configuration comes from the sandbox Ingress Controller's pushes, not a state file.
        ...(dbless ? {} : { stateFile: path.join(config.dataDir, "sandbox-gateway.json") }),
        proxy: {
          port: config.SIGNPOST_SANDBOX_PROXY_PORT,
          tlsPort: config.SIGNPOST_SANDBOX_PROXY_TLS_PORT,
          ...(sandboxCluster ? { resolvePod: podResolverFor(sandboxCluster.store) } : {}),
        },
      });
      const proxyUrl = sandboxProxyUrl(config, sandboxGateway.proxy!.port);
      const parentRef = parseParentRef(config.SIGNPOST_KONG_PARENT_REF);
      const g: TGatewayConfig = {
        name: "sandbox", adminUrl: sandboxGateway.url, proxyUrl,
        ...(sandboxCluster ? { cluster: SANDBOX_CLUSTER } : {}),
        ...(config.SIGNPOST_KONG_REGISTER_VIA ? { registerVia: config.SIGNPOST_KONG_REGISTER_VIA } : {}),
        ...(parentRef ? { parentRef } : {}),
      };
      gateways.push(g);
      // Try it and probes call the sandbox proxy, on loopback: allow its host (besides what the
      // operator allows), and only it.
      const tryAllow = [config.SIGNPOST_TRY_ALLOW, new URL(proxyUrl).hostname].filter(Boolean).join(",");
      Object.assign(webEnv, { SIGNPOST_TRY_ALLOW: tryAllow });
      Object.assign(webEnv, { SIGNPOST_KONG_NAME: g.name, SIGNPOST_KONG_ADMIN_URL: g.adminUrl, SIGNPOST_KONG_PROXY_URL: proxyUrl, ...(g.cluster ? { SIGNPOST_KONG_CLUSTER: g.cluster } : {}) });
      logger.info("sandbox gateway running", {
        adminUrl: sandboxGateway.url, mode: config.SIGNPOST_SANDBOX_KONG_MODE, proxyUrl: sandboxGateway.proxy!.url, proxyTlsUrl: sandboxGateway.proxy!.tlsUrl,
      });
    }
    if (sandboxCluster && sandboxGateway) {
      // As the Kong Ingress Controller would: Ingresses of class kong become gateway routes.
      kic = startSandboxIngressController({
        cluster: sandboxCluster.store,
        gateway: sandboxGateway.store,
        // DB-less: KIC's default, the whole configuration pushed to POST /config.
        ...(config.SIGNPOST_SANDBOX_KONG_MODE === "dbless" ? { dbless: { adminUrl: sandboxGateway.url } } : {}),
        onSync: (r) => {
          for (const e of r.errors) logger.warn("sandbox ingress controller", { error: String(e) });
        },
      });
    }
  } catch (err) {
    await sandboxCluster?.stop().catch(() => {});
    await sandboxGateway?.stop().catch(() => {});
    throw err;
  }
  return {
    clusters,
    gateways,
    sandboxCluster,
    sandboxKubeconfig,
    sandboxGateway,
    webEnv,
    async stop() {
      kic?.stop();
      await sandboxGateway?.stop();
      await sandboxCluster?.stop();
    },
  };
}
