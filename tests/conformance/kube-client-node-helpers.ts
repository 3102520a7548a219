// What the client-node conformance files share: one sandbox cluster per file, kubeconfigs for
// @kubernetes/client-node, and informers that record what they see and are stopped after each test.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startSandboxCluster, type KubeObject, type SandboxCluster } from "../../lib/sandbox/kube/index";

export const svc = (namespace: string, name: string, labels?: Record<string, string>): KubeObject =>
  ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace, labels }, spec: { ports: [{ port: 80 }] } });
export const ref = (namespace: string, name: string) => ({ apiVersion: "v1", kind: "Service", namespace, name });

export function namespaceWith(x: SandboxCluster, ns: string, names: string[]): void {
  x.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  for (const n of names) x.store.create(svc(ns, n));
}

/**
 * Registers the file's hooks: a sandbox cluster (`cluster()`) and a temporary folder (`tmp()`)
 * for the whole file, clusters a test adds to `others` stopped at its end, and informers started
 * by `startInformer` stopped after each test (also after a failure).
 */
export function clientNodeSandbox() {
  let tmp = "";
  let c: SandboxCluster | undefined;
  const others: SandboxCluster[] = [];
  const running = new Set<{ stop(): Promise<void> }>();
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-client-node-"));
    c = await startSandboxCluster();
  });
  afterEach(async () => {
    await Promise.all([...running].map((i) => i.stop()));
  });
  afterAll(async () => {
    await Promise.all([c, ...others].map((x) => x?.stop()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function clientFor(x: SandboxCluster) {
    const file = path.join(tmp, `kubeconfig-${x.port}`);
    x.writeKubeconfig(file);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(file);
    return { kc, core: kc.makeApiClient(k8s.CoreV1Api) };
  }

  /** An informer on one namespace's Services that records "verb name" lines and errors. */
  async function startInformer(x: SandboxCluster, ns: string) {
    const { kc, core } = clientFor(x);
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/services`, () => core.listNamespacedService({ namespace: ns }));
    const events: string[] = [];
    const errors: unknown[] = [];
    let stopping = false;
    for (const verb of ["add", "update", "delete"] as const) informer.on(verb, (o) => events.push(`${verb} ${o.metadata?.name}`));
    // stop() fires the error callbacks with an AbortError (reference §4.5): ignore those.
    informer.on("error", (err) => { if (!stopping) errors.push(err); });
    await informer.start();
    const handle = {
      informer, events, errors,
      async stop() {
        stopping = true;
        running.delete(handle);
        await informer.stop();
      },
    };
    running.add(handle);
    return handle;
  }

  return {
    cluster: (): SandboxCluster => {
      if (!c) throw new Error("the sandbox cluster is not started yet (use it inside a test)");
      return c;
    },
    tmp: () => tmp,
    others,
    clientFor,
    startInformer,
  };
}
