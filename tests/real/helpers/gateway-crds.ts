// Installs the Gateway API CRDs that `npm run real:build` copied from the pinned
// sigs.k8s.io/gateway-api module, and waits until the API server serves them.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { REAL_CRD_DIR } from "./control-plane";
import { kubeHttp, type KubeTarget } from "./kube-http";

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

/** Creates every CRD in .real/crds/gateway-api and resolves once each is Established. */
export async function installGatewayApiCrds(t: KubeTarget, timeoutMs = 60_000): Promise<string[]> {
  const files = fs.readdirSync(REAL_CRD_DIR).filter((f) => f.endsWith(".yaml")).sort();
  if (!files.length) throw new Error(`no CRDs in ${REAL_CRD_DIR}: run npm run real:build`);
  const names: string[] = [];
  for (const f of files) {
    const crd = YAML.parse(fs.readFileSync(path.join(REAL_CRD_DIR, f), "utf8"));
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
