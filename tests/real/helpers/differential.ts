// Sends the same request to the sandbox cluster and to the real API server and puts the answers side
// by side after normalising what legitimately differs between two servers (uids, timestamps,
// resourceVersions, allocated IPs and ports, managedFields times).
import { inject } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../../lib/sandbox/kube/index";
import { kubeHttp, type KubeRequestOptions, type KubeResponse, type KubeTarget } from "./kube-http";

/** The two servers of a differential test file. */
export type Pair = { sandbox: KubeTarget; real: KubeTarget; cluster: SandboxCluster; stop(): Promise<void> };

/** Starts an empty sandbox (with the namespaces a fresh real cluster has) beside the shared real server. */
export async function startPair(opts: Parameters<typeof startSandboxCluster>[0] = {}): Promise<Pair> {
  const cp = inject("realControlPlane");
  const cluster = await startSandboxCluster({ seed: false, ...opts });
  for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    cluster.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  return {
    cluster,
    sandbox: { name: "sandbox", url: cluster.url, token: "sandbox-token" },
    real: { name: "real", url: cp.url, token: cp.token, ca: cp.ca },
    stop: () => cluster.stop(),
  };
}

/** One request to both servers: [sandbox, real]. */
export async function both(p: Pair, method: string, path: string, o: KubeRequestOptions = {}): Promise<[KubeResponse, KubeResponse]> {
  return Promise.all([kubeHttp(p.sandbox, method, path, o), kubeHttp(p.real, method, path, o)]);
}

const UID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** Keys whose values are per-server facts: replaced by a placeholder wherever they appear. */
const VOLATILE = new Set(["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "time", "lastTransitionTime",
  "clusterIP", "nodePort", "healthCheckNodePort", "continue"]);

/** A copy with volatile values replaced by "<key>", uids inside strings by "<uid>", resourceVersions in messages by "<rv>". */
export function normalize(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) {
    if (key === "clusterIPs") return v.map((x) => (typeof x === "string" && IPV4.test(x) ? "<clusterIP>" : x));
    return v.map((x) => normalize(x));
  }
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x, k)]));
  }
  if (key && VOLATILE.has(key) && v !== "" && v !== null && v !== undefined) {
    if (key === "clusterIP" && v === "None") return v;
    return `<${key}>`;
  }
  if (typeof v === "string") {
    if (TIME.test(v)) return "<time>";
    return v.replace(UID, "<uid>").replace(/(resourceVersion|ResourceVersion)( in [a-z ]+)?: \d+/g, "$1$2: <rv>")
      .replace(/ResourceVersion in record \(\d+\)/, "ResourceVersion in record (<rv>)")
      .replace(/too old resource version: \d+ \(\d+\)/, "too old resource version: <rv> (<rv>)");
  }
  return v;
}

/** Both answers' status and normalised body, for one toEqual. */
export function shape(res: KubeResponse): { status: number; body: unknown } {
  return { status: res.status, body: normalize(res.json ?? res.text) };
}

/** Creates a namespace on both servers. */
export async function namespaceOnBoth(p: Pair, name: string): Promise<void> {
  const [s, r] = await both(p, "POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name } } });
  if (s.status !== 201 || r.status !== 201) throw new Error(`namespace ${name}: sandbox ${s.status}, real ${r.status} ${r.text.slice(0, 200)}`);
}
