// The sandbox cluster driven by a third client written elsewhere: the official Python client
// (Debian's python3-kubernetes, `apt-get install python3-kubernetes`, installed by .ci/run).
// kube-python-client.py creates, lists (selectors, pages), watches (from a resourceVersion and from
// now), patches and deletes, and records the answers; this file checks them. The same script is run
// against a real kube-apiserver by tests/real/clients-differential.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube/index";
import { runPythonClient } from "../helpers/python-kube-client";

let tmp: string;
let c: SandboxCluster;
let steps: Map<string, unknown>;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-python-"));
  c = await startSandboxCluster({ seed: false });
  c.writeKubeconfig(path.join(tmp, "config"));
  steps = await runPythonClient(path.join(tmp, "config"), "pyconf");
}, 120_000);

afterAll(async () => {
  await c?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("python3-kubernetes against the sandbox cluster", () => {
  it("creates and reads a Service with the API server's defaults", () => {
    expect(steps.get("namespace listed")).toBe(true);
    const expected = {
      name: "py-a", labels: { app: "py", tier: "web" }, type: "ClusterIP", ports: [[80, "TCP", "8080"]],
      sessionAffinity: "None", ipFamilyPolicy: "SingleStack", internalTrafficPolicy: "Cluster",
    };
    expect(steps.get("create")).toEqual(expected);
    expect(steps.get("get")).toEqual(expected);
  });

  it("gets the API server's Status bodies as ApiException", () => {
    expect(steps.get("create again")).toEqual({ status: 409, reason: "AlreadyExists", kind: "Status", message: 'services "py-a" already exists' });
    expect(steps.get("get missing")).toEqual({ status: 404, reason: "NotFound", kind: "Status", message: 'services "nope" not found' });
    expect(steps.get("bad label selector")).toMatchObject({ status: 400, reason: "BadRequest" });
    expect(steps.get("delete with wrong uid")).toMatchObject({ status: 409, reason: "Conflict" });
    expect(steps.get("invalid ingress")).toMatchObject({ status: 422, reason: "Invalid" });
  });

  it("lists with label and field selectors and pages with limit and continue", () => {
    expect(steps.get("list by label")).toEqual(["py-a"]);
    expect(steps.get("list by field")).toEqual(["py-c"]);
    expect(steps.get("paged list")).toEqual([["py-a"], ["py-c"]]);
  });

  it("watches from a resourceVersion: the changes after it, in order (its watch=True used to get a list back)", () => {
    expect(steps.get("watch from resourceVersion")).toEqual([["ADDED", "py-b", null], ["MODIFIED", "py-a", "api"], ["DELETED", "py-b", null]]);
  });

  it("watches from now: current objects as ADDED, then a later create", () => {
    expect(steps.get("watch from now")).toEqual([["ADDED", "py-a"], ["ADDED", "py-d"]]);
  });

  it("patches with a strategic merge patch and deletes", () => {
    expect(steps.get("patched")).toMatchObject({ name: "py-a", labels: { app: "py", tier: "api" } });
    expect(steps.get("delete")).toEqual({ kind: "Service", status: "object" });
    expect(steps.get("after delete")).toEqual(["py-c", "py-d"]);
    expect(steps.get("ingress")).toEqual({ generation: 1, hosts: ["py.example"] });
  });
});
