// Installs CRDs that `npm run real:build` copied from pinned Go modules (the Gateway API's from
// sigs.k8s.io/gateway-api, KIC's from github.com/kong/kubernetes-configuration), waits until the
// API server serves them, and removes them again.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { REAL_CRD_DIR } from "./control-plane";
import { kubeHttp, type KubeTarget } from "./kube-http";

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

/** Creates every CRD in .real/crds/gateway-api and resolves once each is Established. */
export function installGatewayApiCrds(t: KubeTarget, timeoutMs = 60_000): Promise<string[]> {
  return installCrds(t, REAL_CRD_DIR, timeoutMs);
}

/** Creates every CRD in `dir` (one per YAML file) and resolves with their names once each is Established. */
export async function installCrds(t: KubeTarget, dir: string, timeoutMs = 60_000): Promise<string[]> {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort() : [];
  if (!files.length) throw new Error(`no CRDs in ${dir}: run npm run real:build`);
  const names: string[] = [];
  for (const f of files) {
    const crd = YAML.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    const res = await kubeHttp(t, "POST", CRDS, { body: crd });
    if (res.status !== 201 && res.status !== 409) throw new Error(`installing ${f}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    names.push(crd.metadata.name);
  }
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (;;) {
      const crd = (await kubeHttp(t, "GET", `${CRDS}/${name}`)).json;
      if (crd?.status?.conditions?.some((c: { type: string; status: string }) => c.type === "Established" && c.status === "True")) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return names;
}

/** Deletes the named CRDs (their objects with them) and resolves once the API server no longer has them. */
export async function deleteCrds(t: KubeTarget, names: string[], timeoutMs = 60_000): Promise<void> {
  for (const name of names) await kubeHttp(t, "DELETE", `${CRDS}/${name}`);
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    while ((await kubeHttp(t, "GET", `${CRDS}/${name}`)).status !== 404) {
      if (Date.now() > deadline) throw new Error(`CRD ${name} still present after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
