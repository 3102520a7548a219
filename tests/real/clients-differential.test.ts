// Three clients written elsewhere, each pointed at the sandbox and at the real API server with the
// same operations: kubectl (apply, server-side apply, get with server-side columns, create twice,
// apply of a kind: List, delete), @kubernetes/client-node (typed calls, errors, Watch from a
// resourceVersion, informer) and Debian's python3-kubernetes (tests/conformance/kube-python-client.py).
// Their outputs must be the same once per-server values (uids, RVs, IPs, ports, times) are masked.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runPythonClient } from "../helpers/python-kube-client";
import { normalize, startPair, type Pair } from "./helpers/differential";

let p: Pair;
let tmp: string;
const configs: Record<"sandbox" | "real", string> = { sandbox: "", real: "" };
type Side = keyof typeof configs;
const SIDES: Side[] = ["sandbox", "real"];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "clients-differential-"));
  p = await startPair();
  configs.sandbox = path.join(tmp, "sandbox.kubeconfig");
  p.cluster.writeKubeconfig(configs.sandbox);
  configs.real = inject("realControlPlane").kubeconfig;
});
afterAll(async () => {
  await p?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Masks what differs between two healthy servers in kubectl's text output. */
const mask = (text: string) => text
  .replace(/\b\d+(s|m\d*s?|h)\b/g, "<age>")
  .replace(/\b10\.\d+\.\d+\.\d+\b/g, "<ip>")
  .replace(/:\d{5}\//g, ":<nodePort>/")
  .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uid>")
  .replace(/\/tmp\/[^/]+\//g, "<tmp>/")
  // Column widths follow the longest (masked) cell.
  .replace(/ {2,}/g, "  ");

function kubectl(side: Side, args: string[], input?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile("/usr/bin/kubectl", ["--kubeconfig", configs[side], "--request-timeout=20s", ...args],
      { env: { ...process.env, KUBECACHEDIR: path.join(tmp, `cache-${side}`), HOME: tmp } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: mask(stdout), err: mask(stderr) }));
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The same kubectl command on both; returns [sandbox, real]. */
async function kubectlBoth(args: string[], input?: string) {
  return Promise.all(SIDES.map((s) => kubectl(s, args, input)));
}

const yaml = (ns: string, name: string, port: number, extra = "") => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}}
spec:
  selector: {app: ${name}}
  ports:
  - name: http
    port: ${port}
    targetPort: 8080${extra}
`;

describe("kubectl", () => {
  it("creates a namespace, applies, re-applies, applies server-side, and prints the same", async () => {
    const steps: Array<[string[], string | undefined]> = [
      [["create", "namespace", "kctl"], undefined],
      [["apply", "-f", "-"], yaml("kctl", "web", 80)],
      [["apply", "-f", "-"], yaml("kctl", "web", 81)],
      [["apply", "--server-side", "--field-manager=ops", "-f", "-"], yaml("kctl", "api", 90)],
      [["apply", "--server-side", "--field-manager=other", "-f", "-"], yaml("kctl", "api", 90, "\n    protocol: TCP\n  type: NodePort")],
      [["create", "-f", "-"], yaml("kctl", "web", 80)],
      [["get", "svc", "-n", "kctl"], undefined],
      [["get", "svc", "-n", "kctl", "-o", "wide", "--show-labels"], undefined],
      [["get", "svc", "web", "-n", "kctl", "-o", "jsonpath={.spec.ports}"], undefined],
      [["patch", "svc", "web", "-n", "kctl", "-p", '{"spec":{"ports":[{"port":82,"name":"extra"}]}}'], undefined],
      [["get", "svc", "web", "-n", "kctl", "-o", "jsonpath={.spec.ports[*].port}"], undefined],
      [["label", "svc", "web", "-n", "kctl", "tier=front"], undefined],
      [["get", "svc", "-n", "kctl", "-l", "tier=front", "-o", "name"], undefined],
      [["explain", "service.spec.ports.port"], undefined],
    ];
    for (const [args, input] of steps) {
      const [s, r] = await kubectlBoth(args, input);
      expect(s, args.join(" ")).toEqual(r);
    }
  });

  it("round-trips a kind: List file from get -o yaml through delete and apply", async () => {
    const files: Record<Side, string> = { sandbox: "", real: "" };
    for (const side of SIDES) {
      const listed = await new Promise<string>((resolve, reject) => execFile("/usr/bin/kubectl",
        ["--kubeconfig", configs[side], "get", "svc", "-n", "kctl", "-o", "json"], { env: { ...process.env, KUBECACHEDIR: path.join(tmp, `cache-${side}`) } },
        (err, stdout) => (err ? reject(err) : resolve(stdout))));
      // What a re-create cannot carry over: identity, versions and the allocated IPs and ports.
      const list = JSON.parse(listed);
      for (const item of list.items) {
        for (const f of ["uid", "resourceVersion", "creationTimestamp", "managedFields"]) delete item.metadata[f];
        for (const f of ["clusterIP", "clusterIPs"]) delete item.spec[f];
        for (const port of item.spec.ports) delete port.nodePort;
      }
      files[side] = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `list-${side}-`)), "list.yaml");
      fs.writeFileSync(files[side], YAML.stringify(list));
    }
    const [ds, dr] = await kubectlBoth(["delete", "svc", "--all", "-n", "kctl"]);
    expect(ds).toEqual(dr);
    const [as, ar] = await Promise.all(SIDES.map((side) => kubectl(side, ["apply", "-f", files[side]])));
    expect(as).toEqual(ar);
    expect(ar.code).toBe(0);
  });
});

describe("@kubernetes/client-node", () => {
  async function drive(side: Side): Promise<unknown[]> {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(configs[side]);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const out: unknown[] = [];
    const err = async (f: () => Promise<unknown>) => {
      try {
        await f();
        return "no error";
      } catch (e) {
        const x = e as { code?: number; body?: string };
        return { code: x.code, body: JSON.parse(x.body ?? "{}") };
      }
    };
    await core.createNamespace({ body: { metadata: { name: "cnode" } } });
    const created = await core.createNamespacedService({ namespace: "cnode", body: { metadata: { name: "a", labels: { app: "a" } }, spec: { ports: [{ port: 80 }] } } });
    out.push(["create", created.spec]);
    out.push(["create again", await err(() => core.createNamespacedService({ namespace: "cnode", body: { metadata: { name: "a" }, spec: { ports: [{ port: 80 }] } } }))]);
    out.push(["read missing", await err(() => core.readNamespacedService({ namespace: "cnode", name: "zz" }))]);
    out.push(["invalid", await err(() => core.createNamespacedService({ namespace: "cnode", body: { metadata: { name: "b" }, spec: { ports: [{ port: 0 }] } } }))]);
    const list = await core.listNamespacedService({ namespace: "cnode" });
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    let done = false;
    const req = await watch.watch("/api/v1/namespaces/cnode/services", { resourceVersion: list.metadata?.resourceVersion, timeoutSeconds: 10 },
      (type, obj) => events.push(`${type} ${obj.metadata?.name}`), () => { done = true; });
    await core.createNamespacedService({ namespace: "cnode", body: { metadata: { name: "c" }, spec: { ports: [{ port: 81 }] } } });
    await core.patchNamespacedService({ namespace: "cnode", name: "a", body: { metadata: { labels: { app: "a", v: "2" } } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    await core.deleteNamespacedService({ namespace: "cnode", name: "c" });
    for (let i = 0; i < 500 && events.length < 3 && !done; i++) await new Promise((r) => setTimeout(r, 20));
    req.abort();
    out.push(["watch", events]);
    out.push(["list", (await core.listNamespacedService({ namespace: "cnode", labelSelector: "app=a" })).items.map((s) => [s.metadata?.name, s.metadata?.labels])]);
    return normalize(JSON.parse(JSON.stringify(out))) as unknown[];
  }

  it("gives the same results and errors, and watches the same events", async () => {
    const [s, r] = [await drive("sandbox"), await drive("real")];
    expect(s).toEqual(r);
    expect(r).toContainEqual(["watch", ["ADDED c", "MODIFIED a", "DELETED c"]]);
  });
});

describe("python3-kubernetes", () => {
  it("runs the conformance script with the same results on both", async () => {
    const [s, r] = [await runPythonClient(configs.sandbox, "pyreal"), await runPythonClient(configs.real, "pyreal")];
    expect(normalize(Object.fromEntries(s))).toEqual(normalize(Object.fromEntries(r)));
    expect(r.get("watch from resourceVersion")).toEqual([["ADDED", "py-b", null], ["MODIFIED", "py-a", "api"], ["DELETED", "py-b", null]]);
  });
});
