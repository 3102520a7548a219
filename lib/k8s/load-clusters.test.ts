// The in-cluster path of loadClusters: KUBERNETES_SERVICE_HOST/PORT and the files of
// SIGNPOST_SERVICE_ACCOUNT_DIR (what a pod has mounted), and the one-line errors when they are missing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../env";
import { loadClusters } from "./load-clusters";

describe("loadClusters in a pod", () => {
  let dir: string;
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sa-"));
    fs.writeFileSync(path.join(dir, "token"), "token-one");
    fs.writeFileSync(path.join(dir, "ca.crt"), "not read until a request is made");
    fs.writeFileSync(path.join(dir, "namespace"), "signpost");
    process.env.KUBERNETES_SERVICE_HOST = "10.96.0.1";
    process.env.KUBERNETES_SERVICE_PORT = "443";
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of [["KUBERNETES_SERVICE_HOST", saved.host], ["KUBERNETES_SERVICE_PORT", saved.port]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const load = (env: Record<string, string> = {}) => loadClusters(loadConfig({ SIGNPOST_SERVICE_ACCOUNT_DIR: dir, ...env }));

  it("reads the token and CA from SIGNPOST_SERVICE_ACCOUNT_DIR and the server from the pod's environment", async () => {
    const [c] = load();
    expect([c.name, c.server]).toEqual(["in-cluster", "https://10.96.0.1:443"]);
    expect(c.kc.getCurrentCluster()?.caFile).toBe(path.join(dir, "ca.crt"));
    expect(c.kc.getContextObject(c.kc.getCurrentContext())?.namespace).toBe("signpost");
    const fetchOpts = (await c.kc.applyToFetchOptions({})) as unknown as { headers: Headers };
    expect(fetchOpts.headers.get("authorization")).toBe("Bearer token-one");
  });

  it("is detected by the token file in that folder (SIGNPOST_IN_CLUSTER unset), and off when it is absent", () => {
    expect(load().map((c) => c.name)).toEqual(["in-cluster"]);
    fs.rmSync(path.join(dir, "token"));
    expect(load()).toEqual([]);
  });

  it("names the missing file or variable when asked for explicitly", () => {
    fs.rmSync(path.join(dir, "ca.crt"));
    expect(() => load()).toThrow(`in-cluster configuration: ${path.join(dir, "ca.crt")} does not exist (SIGNPOST_SERVICE_ACCOUNT_DIR`);
    fs.writeFileSync(path.join(dir, "ca.crt"), "x");
    delete process.env.KUBERNETES_SERVICE_HOST;
    expect(() => load({ SIGNPOST_IN_CLUSTER: "true" })).toThrow("in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
  });
});
