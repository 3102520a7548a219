// Which clusters to sync: contexts of KUBECONFIG (SIGNPOST_KUBE_CONTEXTS: a list, "all", or
// the current context) and the in-cluster service account. ~/.kube/config is never read
// implicitly: a portal that silently syncs whatever a laptop points at would be a surprise.
import fs from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ConfigError, type Config } from "../env";

export type ClusterSource = { name: string; kc: KubeConfig; server: string };

const SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Loads every configured cluster; throws ConfigError with one line naming the problem. */
export function loadClusters(config: Config, opts: { kubeconfig?: string; inCluster?: boolean } = {}): ClusterSource[] {
  const out: ClusterSource[] = [];
  const kubeconfig = opts.kubeconfig ?? config.KUBECONFIG;
  if (kubeconfig) out.push(...fromKubeconfig(kubeconfig, config.kubeContexts));
  const inCluster = opts.inCluster ?? config.SIGNPOST_IN_CLUSTER ?? fs.existsSync(path.join(SA_DIR, "token"));
  if (inCluster) {
    const kc = new KubeConfig();
    try {
      kc.loadFromCluster();
    } catch (err) {
      throw new ConfigError(`in-cluster configuration: ${(err as Error).message}`);
    }
    out.push({ name: "in-cluster", kc, server: kc.getCurrentCluster()?.server ?? "" });
  }
  const names = new Set<string>();
  for (const c of out) {
    if (names.has(c.name)) throw new ConfigError(`cluster "${c.name}" is configured twice`);
    names.add(c.name);
  }
  return out;
}

function fromKubeconfig(list: string, wanted: string[] | "all" | undefined): ClusterSource[] {
  const files = list.split(path.delimiter).filter(Boolean);
  const base = new KubeConfig();
  files.forEach((file, i) => {
    if (!fs.existsSync(file)) throw new ConfigError(`KUBECONFIG: ${file} does not exist`);
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (err) {
      throw new ConfigError(`KUBECONFIG: ${file} is not a valid kubeconfig (${firstLine(err)})`);
    }
    if (i === 0) base.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: kc.currentContext });
    else base.mergeConfig(kc, true);
  });
  const contexts = base.getContexts();
  if (contexts.length === 0) throw new ConfigError(`KUBECONFIG: ${list} has no contexts`);
  const names =
    wanted === "all" ? contexts.map((c) => c.name) : wanted?.length ? wanted : [base.getCurrentContext()].filter(Boolean);
  if (names.length === 0) throw new ConfigError(`KUBECONFIG: ${list} has no current-context; set SIGNPOST_KUBE_CONTEXTS`);
  return names.map((name) => {
    const ctx = contexts.find((c) => c.name === name);
    if (!ctx) {
      throw new ConfigError(
        `SIGNPOST_KUBE_CONTEXTS: context "${name}" is not in KUBECONFIG (available: ${contexts.map((c) => c.name).join(", ")})`,
      );
    }
    const cluster = base.getCluster(ctx.cluster);
    if (!cluster?.server) throw new ConfigError(`KUBECONFIG: context "${name}" refers to cluster "${ctx.cluster}" which has no server`);
    if (!base.users.some((u) => u.name === ctx.user) && ctx.user) {
      throw new ConfigError(`KUBECONFIG: context "${name}" refers to user "${ctx.user}" which is not defined`);
    }
    if (cluster.server.startsWith("http:") && !cluster.skipTLSVerify) {
      throw new ConfigError(`KUBECONFIG: cluster "${ctx.cluster}" uses plain http:// without insecure-skip-tls-verify: true (client-node refuses it)`);
    }
    const kc = new KubeConfig();
    kc.loadFromOptions({ clusters: base.clusters, users: base.users, contexts: base.contexts, currentContext: name });
    return { name, kc, server: cluster.server };
  });
}

function firstLine(err: unknown): string {
  return String((err as Error).message ?? err).split("\n")[0];
}
