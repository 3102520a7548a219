// The sandbox cluster driven by @kubernetes/client-node 1.4 across its lifecycle (reference §4):
// state persisted across stop/start with stateFile, and pause/resume on the same port.
import fs from "node:fs";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type KubeObject, type SandboxCluster } from "../../lib/sandbox/kube/index";
import { waitFor } from "../../lib/sandbox/kube/testing";
import { namespaceWith, ref, svc, clientNodeSandbox } from "./kube-client-node-helpers";

const sandbox = clientNodeSandbox();
const { clientFor, startInformer, others } = sandbox;
let c: SandboxCluster;
beforeAll(() => {
  c = sandbox.cluster();
});

describe("lifecycle", () => {
  it("persists state across stop/start with stateFile", async () => {
    const stateFile = path.join(sandbox.tmp(), "state", "cluster.json");
    const a = await startSandboxCluster({ stateFile });
    const created = a.store.create(svc("shop", "persisted"));
    // Saved on a debounce after the write, before any stop().
    await waitFor(() => fs.existsSync(stateFile) && fs.readFileSync(stateFile, "utf8").includes('"persisted"'), { what: "state file" });
    const rvBefore = a.store.currentResourceVersion();
    a.store.patch(ref("shop", "persisted"), { metadata: { labels: { late: "write" } } });
    await a.stop();

    const b = await startSandboxCluster({ stateFile });
    others.push(b);
    const { kc, core } = clientFor(b);
    const got = await core.readNamespacedService({ namespace: "shop", name: "persisted" });
    expect([got.metadata?.uid, got.spec?.clusterIP, got.metadata?.labels]).toEqual([created.metadata.uid, created.spec.clusterIP, { late: "write" }]);
    expect((await core.listNode()).items.map((n) => n.metadata?.name)).toEqual(["node-1", "node-2", "node-3"]);
    const next = b.store.create(svc("shop", "after-restart"));
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Number(rvBefore) + 1);
    expect(b.store.list({ apiVersion: "v1", kind: "Service" }).items.filter((s) => s.spec.clusterIP === next.spec.clusterIP)).toHaveLength(1);
    // The event log did not survive: a watch from before the restart must relist.
    const events: { type: string; obj: KubeObject }[] = [];
    await new k8s.Watch(kc).watch("/api/v1/services", { resourceVersion: rvBefore }, (type, obj) => events.push({ type, obj }), () => undefined);
    await waitFor(() => events.length === 1);
    expect([events[0].type, events[0].obj.code, events[0].obj.reason]).toEqual(["ERROR", 410, "Expired"]);
  });

  it("pause drops connections and refuses new ones; resume serves the same state on the same port", async () => {
    const ns = "pause";
    namespaceWith(c, ns, ["before"]);
    const inf = await startInformer(c, ns);
    const { core } = clientFor(c);
    await c.pause();
    // client-node 1.x: a reset watch is an error and the informer stays stopped (reference §4.4).
    await waitFor(() => inf.errors.length === 1, { what: "informer error" });
    await expect(core.listNamespacedService({ namespace: ns })).rejects.toThrow(/ECONNREFUSED/);
    c.store.create(svc(ns, "while-down"));
    await c.resume();
    await inf.informer.start();
    await waitFor(() => inf.events.includes("add while-down"));
    expect((await core.listNamespacedService({ namespace: ns })).items.map((i) => i.metadata?.name)).toEqual(["before", "while-down"]);
    await inf.stop();
  });
});
