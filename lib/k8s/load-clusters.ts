// Which clusters to sync: contexts of KUBECONFIG (SIGNPOST_KUBE_CONTEXTS: a list, "all", or
// the current context) and the in-cluster service account. ~/.kube/config is never read
// implicitly: a portal that silently syncs whatever a laptop points at would be a surprise.
import fs from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ConfigError, rawEnv, type Config } from "../env";

export type ClusterSource = { name: string; kc: KubeConfig; server: string };

/** Loads every configured cluster; throws ConfigError with one line naming the problem. */
export function loadClusters(config: Config, opts: { kubeconfig?: string; inCluster?: boolean } = {}): ClusterSource[] {
  const out: ClusterSource[] = [];
  const kubeconfig = opts.kubeconfig ?? config.KUBECONFIG;
  if (kubeconfig) out.push(...fromKubeconfig(kubeconfig, config.kubeContexts));
  const saDir = config.SIGNPOST_SERVICE_ACCOUNT_DIR;
  const inCluster = opts.inCluster ?? config.SIGNPOST_IN_CLUSTER ?? fs.existsSync(path.join(saDir, "token"));
  if (inCluster) out.push(fromServiceAccount(saDir));
  const names = new Set<string>();
  for (const c of out) {
    if (names.has(c.name)) throw new ConfigError(`cluster "${c.name}" is configured twice`);
    names.add(c.name);
  }
  return out;
}

/**
 * The cluster of the pod's service account: KUBERNETES_SERVICE_HOST/PORT (set in every pod) and the
 * token and CA in `dir`. client-node's loadFromCluster builds the cluster (scheme, IPv6 brackets)
 * and a user that rereads the token file (projected tokens rotate); it only knows the fixed mount
 * path, so its file paths are pointed at `dir`.
 */
function fromServiceAccount(dir: string): ClusterSource {
  if (!rawEnv("KUBERNETES_SERVICE_HOST") || !rawEnv("KUBERNETES_SERVICE_PORT")) {
    throw new ConfigError("in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (Kubernetes sets them in every pod; outside one, set SIGNPOST_IN_CLUSTER=false)");
  }
  for (const file of ["token", "ca.crt"]) {
    if (!fs.existsSync(path.join(dir, file))) {
      throw new ConfigError(`in-cluster configuration: ${path.join(dir, file)} does not exist (SIGNPOST_SERVICE_ACCOUNT_DIR names the folder of the service account's token and ca.crt)`);
    }
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromCluster();
  } catch (err) {
    throw new ConfigError(`in-cluster configuration: ${(err as Error).message}`);
  }
  const nsFile = path.join(dir, "namespace");
  const namespace = fs.existsSync(nsFile) ? fs.readFileSync(nsFile, "utf8").trim() : undefined;
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => ({ ...c, caFile: path.join(dir, "ca.crt") })),
    users: kc.users.map((u) => ({ ...u, authProvider: { name: "tokenFile", config: { tokenFile: path.join(dir, "token") } } })),
    contexts: kc.contexts.map((c) => ({ ...c, namespace })),
    currentContext: kc.currentContext,
  });
  return { name: "in-cluster", kc, server: kc.getCurrentCluster()?.server ?? "" };
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
