// Vitest global setup of `npm run test:real`: one real control plane for the whole run (the suite's
// files run one after another and keep to their own namespaces), stopped at the end. A process that
// died during the run fails the run here too, with its log tail. The Gateway API CRDs are installed.
import type { TestProject } from "vitest/node";
import { startControlPlane, type ControlPlaneInfo } from "./control-plane";
import { installGatewayApiCrds } from "./gateway-crds";

declare module "vitest" {
  export interface ProvidedContext {
    realControlPlane: ControlPlaneInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cp = await startControlPlane();
  try {
    await installGatewayApiCrds({ name: "real", url: cp.url, token: cp.token, ca: cp.ca });
  } catch (err) {
    await cp.stop();
    throw err;
  }
  const { url, token, ca, kubeconfig, etcdUrl, dataDir } = cp;
  project.provide("realControlPlane", { url, token, ca, kubeconfig, etcdUrl, dataDir });
  return async () => {
    const died = cp.died();
    await cp.stop();
    if (died) throw new Error(`real control plane: ${died}`);
  };
}
