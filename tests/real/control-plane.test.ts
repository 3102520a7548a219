// The real control plane helper itself: etcd + kube-apiserver start on free loopback ports with a
// token and a kubeconfig that kubectl accepts, a process that dies is reported with its log tail
// (the marker that makes every test of the run fail at once instead of hanging), and stop() leaves
// nothing running.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startControlPlane, type ControlPlane } from "./helpers/control-plane";
import { kubeHttp } from "./helpers/kube-http";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function kubectl(kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => execFile("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, ...args],
    { env: { ...process.env, KUBECACHEDIR: fs.mkdtempSync("/tmp/kubecache-") } },
    (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr })));
}

let own: ControlPlane | undefined;
afterAll(async () => {
  await own?.stop();
});

describe("the shared control plane (global setup)", () => {
  it("answers /readyz and /version over TLS with the admin token, and 401 without it", async () => {
    const cp = inject("realControlPlane");
    const t = { name: "real", url: cp.url, token: cp.token, ca: cp.ca };
    expect((await kubeHttp(t, "GET", "/readyz")).text).toBe("ok");
    expect((await kubeHttp(t, "GET", "/version")).json).toMatchObject({ major: "1", minor: "35", gitVersion: "v1.35.4", gitTreeState: "archive" });
    expect((await kubeHttp({ ...t, token: "wrong" }, "GET", "/api/v1/namespaces")).status).toBe(401);
  });

  it("writes a kubeconfig kubectl uses as is (CA = the self-signed serving certificate)", async () => {
    const r = await kubectl(inject("realControlPlane").kubeconfig, ["get", "ns", "default", "-o", "name"]);
    expect([r.code, r.stdout.trim(), r.stderr]).toEqual([0, "namespace/default", ""]);
  });

  it("has the Gateway API CRDs installed", async () => {
    const cp = inject("realControlPlane");
    const res = await kubeHttp({ name: "real", url: cp.url, token: cp.token, ca: cp.ca }, "GET", "/apis/gateway.networking.k8s.io/v1");
    expect(res.json.resources.map((r: { name: string }) => r.name)).toContain("httproutes");
  });
});

describe("a control plane of its own", () => {
  it("reports a process that dies with its log tail (and the marker every test checks), and stop() leaves nothing running", async () => {
    own = await startControlPlane();
    const pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(own!.dataDir);
      } catch {
        return false;
      }
    });
    expect(pids.length).toBe(2);
    const etcdPid = pids.find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--listen-peer-urls"))!;
    process.kill(etcdPid, "SIGKILL");
    for (let i = 0; i < 200 && !own.died(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(own.died()).toMatch(/^etcd exited unexpectedly \(SIGKILL\); last lines of .*etcd\.log:\n/);
    expect(fs.readFileSync(`${own.dataDir}/died`, "utf8")).toBe(own.died());
    const dataDir = own.dataDir;
    await own.stop();
    own = undefined;
    expect(pids.filter(alive)).toEqual([]);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
